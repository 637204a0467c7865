package io.github.migrationchart.plugins.common.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The client against the JDK's HTTP(S) server playing the API server: TLS with the cluster's CA
 * (certificates made in the test), client certificates in each key form, tokens, tls-server-name,
 * and the requests and error messages of each call.
 */
class KubeClientTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final TestPki.Identity CLUSTER_CA = TestPki.authority("cluster-ca");
    private static final TestPki.Identity CLIENT_CA = TestPki.authority("client-ca");

    @TempDir
    Path dir;
    private HttpServer server;
    private final ObjectMapper json = new ObjectMapper();
    private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger unauthorized = new AtomicInteger();

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    /** An https server with a certificate of the cluster CA for {@code names}, asking for (not requiring) client certificates. */
    private void startHttps(List<String> names) throws Exception {
        SSLContext context = TestPki.serverContext(TestPki.issue(CLUSTER_CA, "kube-apiserver", TestPki.ec(), names), CLIENT_CA);
        HttpsServer https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(context) {
            @Override
            public void configure(HttpsParameters parameters) {
                SSLParameters ssl = context.getDefaultSSLParameters();
                ssl.setWantClientAuth(true);
                parameters.setSSLParameters(ssl);
            }
        });
        start(https);
    }

    private void startHttp() throws IOException {
        start(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0));
    }

    private void start(HttpServer created) {
        server = created;
        server.createContext("/", this::answer);
        server.start();
    }

    /**
     * Lists answer one item named after the caller (its client certificate's CN, else "anonymous")
     * with its Authorization header as an annotation; other paths as the tests below need.
     */
    private void answer(HttpExchange exchange) throws IOException {
        String query = exchange.getRequestURI().getRawQuery();
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath()
                + (query == null ? "" : "?" + URLDecoder.decode(query, StandardCharsets.UTF_8))
                + " " + exchange.getRequestHeaders().getFirst("Content-Type") + " " + body);
        String path = exchange.getRequestURI().getPath();
        int status = 200;
        String response;
        if (path.endsWith("/log")) {
            response = "line 1\nline 2\n";
        } else if (path.endsWith("/jobs/missing")) {
            status = 404;
            response = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"NotFound\","
                    + "\"message\":\"jobs.batch \\\"missing\\\" not found\",\"code\":404}";
        } else if (path.endsWith("/jobs/forbidden")) {
            status = 403;
            response = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"Forbidden\","
                    + "\"message\":\"jobs.batch \\\"forbidden\\\" is forbidden: User \\\"ci\\\" cannot patch resource \\\"jobs\\\"\",\"code\":403}";
        } else if (path.endsWith("/jobs/broken")) {
            status = 502;
            response = "<html>Bad Gateway</html>\nfrom the proxy";
        } else if (unauthorized.getAndDecrement() > 0) {
            status = 401;
            response = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"Unauthorized\","
                    + "\"message\":\"Unauthorized\",\"code\":401}";
        } else {
            ObjectNode item = json.createObjectNode();
            item.putObject("metadata").put("name", caller(exchange)).putObject("annotations")
                    .put("authorization", String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")))
                    .put("impersonate", String.valueOf(exchange.getRequestHeaders().get("Impersonate-Group")));
            ObjectNode list = json.createObjectNode().put("kind", "List");
            list.putArray("items").add(item);
            response = list.toString();
        }
        byte[] bytes = response.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", path.endsWith("/log") ? "text/plain" : "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private static String caller(HttpExchange exchange) {
        if (exchange instanceof HttpsExchange https) {
            try {
                X509Certificate client = (X509Certificate) https.getSSLSession().getPeerCertificates()[0];
                return client.getSubjectX500Principal().getName().replace("CN=", "");
            } catch (SSLPeerUnverifiedException e) {
                return "anonymous";
            }
        }
        return "anonymous";
    }

    private KubeClient client(String cluster, String user) throws Exception {
        Path kubeconfig = dir.resolve("kubeconfig");
        Files.writeString(kubeconfig, TestKubeconfig.of("server: " + (server instanceof HttpsServer ? "https" : "http")
                + "://127.0.0.1:" + server.getAddress().getPort() + "\n" + cluster, user));
        return KubeClient.connect(ClientConfig.find(kubeconfig, new Environment(System.getenv(), dir, dir)), TIMEOUT, TIMEOUT);
    }

    private static String trustCluster() {
        return "certificate-authority-data: " + TestPki.base64(CLUSTER_CA.certificatePem());
    }

    private JsonNode caller(KubeClient client) throws KubeException {
        return client.pods("shop", "app=x").get(0).path("metadata");
    }

    // ---- TLS --------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"rsa-pkcs8", "rsa-pkcs1", "ec-pkcs8", "ec-sec1"})
    void trustsTheClusterCaAndSignsInWithAClientCertificate(String form) throws Exception {
        startHttps(List.of("127.0.0.1"));
        KeyPair keys = form.startsWith("rsa") ? TestPki.rsa() : TestPki.ec();
        TestPki.Identity admin = TestPki.issue(CLIENT_CA, "admin-" + form, keys, List.of());
        String key = form.equals("rsa-pkcs1") ? TestPki.pkcs1(keys) : form.equals("ec-sec1") ? TestPki.sec1(keys) : TestPki.pkcs8(keys);

        KubeClient client = client(trustCluster(), "client-certificate-data: " + TestPki.base64(admin.certificatePem())
                + "\nclient-key-data: " + TestPki.base64(key));

        assertEquals("admin-" + form, caller(client).path("name").asText(), "the server saw the client certificate");
    }

    @Test
    void aTokenOverTls() throws Exception {
        startHttps(List.of("127.0.0.1", "localhost"));
        JsonNode caller = caller(client(trustCluster(), "token: not-a-secret"));
        assertEquals("anonymous", caller.path("name").asText());
        assertEquals("Bearer not-a-secret", caller.path("annotations").path("authorization").asText());
    }

    @Test
    void refusesAServerItDoesNotTrust() throws Exception {
        startHttps(List.of("127.0.0.1"));
        KubeClient client = client("certificate-authority-data: " + TestPki.base64(TestPki.authority("other").certificatePem()),
                "token: t");
        KubeException refused = assertThrows(KubeException.class, () -> client.pods("shop", "app=x"));
        assertTrue(refused.getMessage().startsWith("GET https://127.0.0.1:" + server.getAddress().getPort()
                + "/api/v1/namespaces/shop/pods failed: SSLHandshakeException"), refused.getMessage());
        assertEquals(List.of(), requests);
        assertTrue(caller(client("insecure-skip-tls-verify: true", "token: t")).has("name"), "unless told to trust any");
    }

    @Test
    void checksTheCertificateAgainstTlsServerNameInsteadOfTheAddress() throws Exception {
        startHttps(List.of("kube.test", "*.cluster.test"));
        KubeException byAddress = assertThrows(KubeException.class, () -> caller(client(trustCluster(), "token: t")));
        assertTrue(byAddress.getMessage().contains("SSLHandshakeException"), byAddress.getMessage());

        assertEquals("anonymous", caller(client(trustCluster() + "\ntls-server-name: kube.test", "token: t")).path("name").asText());
        assertEquals("anonymous", caller(client(trustCluster() + "\ntls-server-name: api.cluster.test", "token: t")).path("name")
                .asText(), "a wildcard covers one label");
        KubeException other = assertThrows(KubeException.class,
                () -> caller(client(trustCluster() + "\ntls-server-name: a.b.cluster.test", "token: t")));
        assertTrue(String.valueOf(other.getCause()).contains("SSLHandshakeException"), String.valueOf(other.getCause()));
        assertEquals("anonymous", caller(client("insecure-skip-tls-verify: true", "token: t")).path("name").asText(),
                "insecure: neither the chain nor the name is checked");
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void aClientCertificateFromAnExecPlugin() throws Exception {
        startHttps(List.of("127.0.0.1"));
        TestPki.Identity user = TestPki.issue(CLIENT_CA, "exec-user", TestPki.rsa(), List.of());
        Files.writeString(dir.resolve("credential.json"), json.createObjectNode().put("apiVersion", "client.authentication.k8s.io/v1")
                .put("kind", "ExecCredential").set("status", json.createObjectNode()
                        .put("clientCertificateData", user.certificatePem()).put("clientKeyData", TestPki.pkcs1(user.keys())))
                .toString());
        Path plugin = dir.resolve("plugin.sh");
        Files.writeString(plugin, "#!/bin/sh\necho run >> \"$(dirname \"$0\")/runs\"\ncat \"$(dirname \"$0\")/credential.json\"\n");
        Files.setPosixFilePermissions(plugin, PosixFilePermissions.fromString("rwx------"));

        KubeClient client = client(trustCluster(), "exec: {command: ./plugin.sh, apiVersion: client.authentication.k8s.io/v1,"
                + " interactiveMode: Never}");
        assertEquals("exec-user", caller(client).path("name").asText());

        unauthorized.set(1);
        KubeException refused = assertThrows(KubeException.class, () -> caller(client));
        assertEquals(401, refused.status());
        assertEquals("exec-user", caller(client).path("name").asText());
        assertEquals(2, Files.readAllLines(dir.resolve("runs")).size(), "run again after the API refused its credential");
    }

    // ---- the calls --------------------------------------------------------------------------

    @Test
    void listsByLabelAndFieldSelector() throws Exception {
        startHttp();
        KubeClient client = client("", "token: t\nas: jane\nas-groups: [a, b]");

        assertEquals(1, client.jobs("shop", "app.kubernetes.io/instance=api,app.kubernetes.io/component=migration").size());
        JsonNode pod = client.pods("shop", "batch.kubernetes.io/controller-uid=u-1").get(0);
        assertEquals("[a, b]", pod.path("metadata").path("annotations").path("impersonate").asText());
        client.events("shop", "api-migration-x7k2p");

        assertEquals(List.of(
                "GET /apis/batch/v1/namespaces/shop/jobs?labelSelector=app.kubernetes.io/instance=api,app.kubernetes.io/component=migration null ",
                "GET /api/v1/namespaces/shop/pods?labelSelector=batch.kubernetes.io/controller-uid=u-1 null ",
                "GET /api/v1/namespaces/shop/events?fieldSelector=involvedObject.name=api-migration-x7k2p null "), requests);
    }

    @Test
    void readsTheTailOfAContainersLog() throws Exception {
        startHttp();
        KubeClient client = client("", "token: t");
        assertEquals("line 1\nline 2\n", client.log("shop", "api-migration-x7k2p", "migration", 200));
        client.log("shop", "p", null, 5);
        assertEquals(List.of("GET /api/v1/namespaces/shop/pods/api-migration-x7k2p/log?container=migration&tailLines=200 null ",
                "GET /api/v1/namespaces/shop/pods/p/log?tailLines=5 null "), requests);
    }

    @Test
    void mergePatchesAJob() throws Exception {
        startHttp();
        client("", "token: t").mergePatchJob("shop", "api-migration", "{\"spec\":{\"activeDeadlineSeconds\":1}}");
        assertEquals(List.of("PATCH /apis/batch/v1/namespaces/shop/jobs/api-migration application/merge-patch+json"
                + " {\"spec\":{\"activeDeadlineSeconds\":1}}"), requests);
    }

    @Test
    void errorsSayTheStatusAndTheApisMessage() throws Exception {
        startHttp();
        KubeClient client = client("", "token: t");
        String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/apis/batch/v1/namespaces/shop/jobs/";

        assertEquals(java.util.Optional.empty(), client.job("shop", "missing"), "no such Job");
        KubeException forbidden = assertThrows(KubeException.class, () -> client.mergePatchJob("shop", "forbidden", "{}"));
        assertEquals("PATCH " + base + "forbidden: 403 Forbidden: jobs.batch \"forbidden\" is forbidden: User \"ci\" cannot patch"
                + " resource \"jobs\"", forbidden.getMessage());
        assertEquals(403, forbidden.status());
        assertEquals("GET " + base + "broken: 502: <html>Bad Gateway</html>",
                assertThrows(KubeException.class, () -> client.job("shop", "broken")).getMessage());
    }

    @Test
    void anUnreachableServerSaysSo() throws Exception {
        startHttp();
        KubeClient client = client("", "token: t");
        int port = server.getAddress().getPort();
        server.stop(0);
        server = null;
        KubeException unreachable = assertThrows(KubeException.class, () -> client.pods("shop", "a=b"));
        assertTrue(unreachable.getMessage().startsWith("GET http://127.0.0.1:" + port + "/api/v1/namespaces/shop/pods failed: "
                + "ConnectException"), unreachable.getMessage());
        assertEquals(0, unreachable.status());
    }
}
