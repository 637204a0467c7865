package io.github.migrationchart.plugins.common.kube;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which kubeconfig is read, how several merge, and what each cluster and user setting turns into. */
class KubeconfigTest {
    @TempDir
    Path dir;

    private Environment environment(Map<String, String> variables) {
        return new Environment(variables, dir.resolve("home"), dir.resolve("serviceaccount"));
    }

    private Path write(String name, String yaml) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, yaml);
        return file;
    }

    private static String config(String cluster, String user) {
        return TestKubeconfig.of(cluster, user);
    }

    private ClientConfig resolve(String cluster, String user) throws Exception {
        return ClientConfig.find(write("kubeconfig", config(cluster, user)), environment(Map.of()));
    }

    private KubeException refused(String cluster, String user) {
        return assertThrows(KubeException.class, () -> resolve(cluster, user));
    }

    // ---- which files ------------------------------------------------------------------------

    @Test
    void theExplicitFileElseThoseOfKubeconfigElseTheHomeOne() {
        Path explicit = dir.resolve("explicit");
        String list = "a" + File.pathSeparator + File.pathSeparator + "b" + File.pathSeparator + "a";
        assertEquals(List.of(explicit), Kubeconfig.locations(explicit, environment(Map.of("KUBECONFIG", list))));
        assertEquals(List.of(Path.of("a"), Path.of("b")), Kubeconfig.locations(null, environment(Map.of("KUBECONFIG", list))),
                "empty entries and repeats dropped");
        assertEquals(List.of(dir.resolve("home/.kube/config")), Kubeconfig.locations(null, environment(Map.of())));
        assertEquals(List.of(dir.resolve("home/.kube/config")), Kubeconfig.locations(null, environment(Map.of("KUBECONFIG", ""))));
    }

    @Test
    void theFirstFileToSetAKeyWins() throws Exception {
        Path first = write("first", """
                clusters:
                - name: shared
                  cluster: {server: "https://first:6443"}
                users:
                - name: shared
                  user: {token: first-token}
                contexts:
                - name: ctx
                  context: {cluster: shared, user: shared}
                """);
        Path second = write("second", """
                current-context: ctx
                clusters:
                - name: shared
                  cluster: {server: "https://second:6443"}
                - name: other
                  cluster: {server: "https://other:6443"}
                contexts:
                - name: ctx
                  context: {cluster: other}
                """);
        Path third = write("third", "current-context: later\n");
        String kubeconfig = String.join(File.pathSeparator, first.toString(), dir.resolve("missing").toString(),
                second.toString(), third.toString());

        ClientConfig config = ClientConfig.find(null, environment(Map.of("KUBECONFIG", kubeconfig)));

        assertEquals(URI.create("https://first:6443"), config.server(), "context and cluster of the first file");
        assertEquals("Bearer first-token", config.authentication().current().authorization());
        Kubeconfig merged = Kubeconfig.find(null, environment(Map.of("KUBECONFIG", kubeconfig))).orElseThrow();
        assertEquals("ctx", merged.currentContext(), "from the first file that sets it");
        assertEquals(List.of(first, second, third), merged.files(), "the missing one skipped");
        assertEquals("https://other:6443", merged.clusters().get("other").get("server").asText(), "names only later files have are kept");
    }

    @Test
    void saysWhichFilesItLookedFor() {
        Environment none = environment(Map.of("KUBECONFIG", dir.resolve("a") + File.pathSeparator + dir.resolve("b")));
        assertEquals("no kubeconfig: none of the files of $KUBECONFIG exists (" + dir.resolve("a") + ", " + dir.resolve("b")
                        + "), and this is not a pod (no KUBERNETES_SERVICE_HOST)",
                assertThrows(KubeException.class, () -> ClientConfig.find(null, none)).getMessage());
        assertEquals("no kubeconfig: " + dir.resolve("home/.kube/config") + " does not exist, and this is not a pod"
                + " (no KUBERNETES_SERVICE_HOST)", assertThrows(KubeException.class, () -> ClientConfig.find(null, environment(Map.of())))
                .getMessage());
        assertEquals("the kubeconfig " + dir.resolve("explicit") + " does not exist", assertThrows(KubeException.class,
                () -> ClientConfig.find(dir.resolve("explicit"), environment(Map.of()))).getMessage());
    }

    @Test
    void theHomeKubeconfigWhenNothingElseIsSet() throws Exception {
        write("home/.kube/config", config("server: https://home:6443", "token: t"));
        assertEquals(URI.create("https://home:6443"), ClientConfig.find(null, environment(Map.of())).server());
    }

    @Test
    void relativePathsResolveAgainstTheDirectoryOfTheirFile() throws Exception {
        Path file = write("configs/team/kubeconfig", config("certificate-authority: ../pki/ca.crt\nserver: https://k",
                """
                client-certificate: client.crt
                client-key: /abs/client.key
                tokenFile: tokens/token
                exec: {command: ./bin/plugin, apiVersion: client.authentication.k8s.io/v1beta1}"""));
        Kubeconfig config = Kubeconfig.read(file);
        Path team = dir.resolve("configs/team");
        assertEquals(dir.resolve("configs/pki/ca.crt").toString(), config.clusters().get("main").get("certificate-authority").asText());
        assertEquals(team.resolve("client.crt").toString(), config.users().get("main").get("client-certificate").asText());
        assertEquals("/abs/client.key", config.users().get("main").get("client-key").asText());
        assertEquals(team.resolve("tokens/token").toString(), config.users().get("main").get("tokenFile").asText());
        assertEquals(team.resolve("bin/plugin").toString(), config.users().get("main").get("exec").get("command").asText());

        Path onPath = write("other/kubeconfig", config("server: https://k",
                "exec: {command: gke-gcloud-auth-plugin, apiVersion: client.authentication.k8s.io/v1beta1}"));
        assertEquals("gke-gcloud-auth-plugin", Kubeconfig.read(onPath).users().get("main").get("exec").get("command").asText(),
                "a command without a directory is looked up on the PATH");
    }

    @Test
    void anEmptyFileIsAnEmptyKubeconfig() throws Exception {
        Kubeconfig empty = Kubeconfig.read(write("empty", ""));
        assertNull(empty.currentContext());
        assertTrue(empty.clusters().isEmpty());
        assertTrue(assertThrows(KubeException.class, () -> Kubeconfig.read(write("list", "- a\n- b\n"))).getMessage()
                .endsWith("is not a YAML mapping"));
        assertTrue(assertThrows(KubeException.class, () -> Kubeconfig.read(write("bad", "clusters: [\n"))).getMessage()
                .startsWith("cannot read the kubeconfig " + dir.resolve("bad")));
    }

    // ---- in-cluster -------------------------------------------------------------------------

    @Test
    void thePodsServiceAccountWhenThereIsNoKubeconfig() throws Exception {
        TestPki.Identity ca = TestPki.authority("cluster-ca");
        write("serviceaccount/ca.crt", ca.certificatePem());
        Path token = write("serviceaccount/token", "first\n");
        Environment pod = environment(Map.of("KUBERNETES_SERVICE_HOST", "10.96.0.1", "KUBERNETES_SERVICE_PORT", "443"));

        ClientConfig config = ClientConfig.find(null, pod);

        assertEquals(URI.create("https://10.96.0.1:443"), config.server());
        assertEquals(List.of(ca.certificate()), config.authorities());
        assertEquals("Bearer first", config.authentication().current().authorization());
        Files.writeString(token, "rotated");
        assertEquals("Bearer rotated", config.authentication().current().authorization(), "re-read: the kubelet rotates it");

        assertEquals(URI.create("https://[fd00::1]:443"), ClientConfig.find(null, environment(Map.of(
                "KUBERNETES_SERVICE_HOST", "fd00::1", "KUBERNETES_SERVICE_PORT", "443"))).server());
        write("home/.kube/config", "clusters: []\n");
        assertEquals(URI.create("https://10.96.0.1:443"), ClientConfig.find(null, pod).server(),
                "a kubeconfig without a current-context gives way, as in client-go");
        write("home/.kube/config", config("server: https://outside", ""));
        assertEquals(URI.create("https://outside"), ClientConfig.find(null, pod).server(), "a usable kubeconfig comes first");
    }

    // ---- contexts and clusters --------------------------------------------------------------

    @Test
    void namesWhatTheCurrentContextLacks() throws Exception {
        Path file = write("kubeconfig", "current-context: gone\ncontexts: []\n");
        assertEquals("context was not found for specified context: gone (in " + file + ")",
                assertThrows(KubeException.class, () -> ClientConfig.find(file, environment(Map.of()))).getMessage());
        write("kubeconfig", "contexts:\n- name: a\n  context: {cluster: a}\n");
        assertEquals("the kubeconfig " + file + " sets no current-context",
                assertThrows(KubeException.class, () -> ClientConfig.find(file, environment(Map.of()))).getMessage());
        write("kubeconfig", "current-context: a\ncontexts:\n- name: a\n  context: {cluster: nowhere, user: u}\n");
        assertEquals("cluster \"nowhere\" was not found for context \"a\" (in " + file + ")",
                assertThrows(KubeException.class, () -> ClientConfig.find(file, environment(Map.of()))).getMessage());
        write("kubeconfig", config("server: https://k", "token: t").replace("{cluster: main, user: main", "{cluster: main, user: nobody"));
        assertEquals("user \"nobody\" was not found for context \"main\" (in " + file + ")",
                assertThrows(KubeException.class, () -> ClientConfig.find(file, environment(Map.of()))).getMessage());
        assertEquals("no server found for cluster \"main\"", refused("insecure-skip-tls-verify: true", "token: t").getMessage());
    }

    @Test
    void aContextWithoutAUserIsAnonymous() throws Exception {
        Path file = write("kubeconfig", config("server: https://k", "").replace(", user: main", ""));
        assertEquals(new Authentication.Credentials(null, null),
                ClientConfig.find(file, environment(Map.of())).authentication().current());
    }

    @Test
    void theCertificateAuthorityDataWinsOverTheFile() throws Exception {
        TestPki.Identity data = TestPki.authority("from-data");
        TestPki.Identity file = TestPki.authority("from-file");
        write("ca.crt", file.certificatePem());
        assertEquals(List.of(file.certificate()), resolve("server: https://k\ncertificate-authority: ca.crt", "").authorities(),
                "relative to the kubeconfig");
        assertEquals(List.of(data.certificate()), resolve("server: https://k\ncertificate-authority: ca.crt\n"
                + "certificate-authority-data: " + TestPki.base64(data.certificatePem()), "").authorities());
        assertEquals(List.of(), resolve("server: https://k", "").authorities(), "the JDK's authorities");
        assertTrue(refused("server: https://k\ncertificate-authority-data: bm90IGEgY2VydA==", "").getMessage()
                .startsWith("the certificate-authority of cluster \"main\" holds no"));
        assertTrue(refused("server: https://k\ncertificate-authority: missing.crt", "").getMessage()
                .startsWith("cannot read the certificate-authority of cluster \"main\" " + dir.resolve("missing.crt")));
    }

    @Test
    void insecureSkipTlsVerifyTlsServerNameAndTheScheme() throws Exception {
        ClientConfig insecure = resolve("server: https://k\ninsecure-skip-tls-verify: true", "");
        assertTrue(insecure.insecure());
        assertEquals("specifying a root certificates file with the insecure flag is not allowed (cluster \"main\")",
                refused("server: https://k\ninsecure-skip-tls-verify: true\ncertificate-authority-data: "
                        + TestPki.base64(TestPki.authority("ca").certificatePem()), "").getMessage());
        assertEquals("kube.internal", resolve("server: https://10.0.0.1\ntls-server-name: kube.internal", "").tlsServerName());
        assertEquals(URI.create("https://k:6443"), resolve("server: k:6443\ninsecure-skip-tls-verify: true", "").server());
        assertEquals(URI.create("http://k:8080"), resolve("server: k:8080", "").server(), "as client-go: no TLS setting, no TLS");
        assertEquals("the server of cluster \"main\" is not a URL: Illegal character in authority at index 8: https://a b",
                refused("server: https://a b", "").getMessage());
        assertEquals("the server of cluster \"main\" is not an http(s) URL with a host: ftp://k", refused("server: ftp://k", "")
                .getMessage());
        assertEquals(URI.create("https://rancher.example/k8s/clusters/c-1"),
                resolve("server: https://rancher.example/k8s/clusters/c-1", "").server(), "a path prefix stays");
    }

    @Test
    void proxyUrlAndTheEnvironmentsProxies() throws Exception {
        assertEquals(URI.create("http://proxy:3128"), resolve("server: https://k\nproxy-url: http://proxy:3128", "").proxy());
        assertEquals("the proxy-url socks5://proxy:1080 is not supported: only http://host:port proxies, without credentials",
                refused("server: https://k\nproxy-url: socks5://proxy:1080", "").getMessage());
        assertEquals("the proxy-url http://***@proxy:3128 is not supported: only http://host:port proxies, without credentials",
                refused("server: https://k\nproxy-url: http://user:secret@proxy:3128", "").getMessage(), "no password in messages");

        Environment proxied = environment(Map.of("HTTPS_PROXY", "proxy.corp:3128", "http_proxy", "http://plain:80",
                "NO_PROXY", "internal.corp,10.0.0.0/8,.svc"));
        assertEquals(URI.create("http://proxy.corp:3128"), Proxies.choose(null, URI.create("https://api.example:6443"), proxied));
        assertEquals(URI.create("http://plain:80"), Proxies.choose(null, URI.create("http://api.example:8080"), proxied));
        assertNull(Proxies.choose(null, URI.create("https://k.internal.corp"), proxied));
        assertNull(Proxies.choose(null, URI.create("https://10.1.2.3:6443"), proxied));
        assertNull(Proxies.choose(null, URI.create("https://kubernetes.default.svc"), proxied));
        assertNull(Proxies.choose(null, URI.create("https://127.0.0.1:6443"), proxied), "never for loopback");
        assertNull(Proxies.choose(null, URI.create("https://localhost:6443"), proxied));
        assertNull(Proxies.choose(null, URI.create("https://api.example"), environment(Map.of())));
    }

    @ParameterizedTest(name = "{0}:{1} with NO_PROXY={2}: {3}")
    @CsvSource(delimiter = '|', value = {
            "api.example.com | 6443 | *                    | true",
            "api.example.com | 6443 | other.org, example.com | true",
            "example.com     | 6443 | example.com          | true",
            "api.example.com | 6443 | .example.com         | true",
            "example.com     | 6443 | .example.com         | false",
            "api.example.com | 6443 | *.example.com        | true",
            "notexample.com  | 6443 | example.com          | false",
            "api.example.com | 6443 | api.example.com:6443 | true",
            "api.example.com | 443  | api.example.com:6443 | false",
            "192.168.1.7     | 6443 | 192.168.1.0/24       | true",
            "192.168.2.7     | 6443 | 192.168.1.0/24       | false",
            "10.0.0.1        | 6443 | 10.0.0.2, 10.0.0.1   | true",
            "10.0.0.1        | 6443 | 10.0.0.2, 11.0.0.0/8 | false",
            "10.0.0.1        | 6443 | example.com          | false"})
    void noProxy(String host, int port, String noProxy, boolean excluded) {
        assertEquals(excluded, Proxies.excluded(host, port, noProxy));
    }

    // ---- users ------------------------------------------------------------------------------

    @Test
    void tokenTokenFileAndBasic() throws Exception {
        assertEquals("Bearer abc", resolve("server: https://k", "token: abc").authentication().current().authorization());
        write("token", "from-file\n");
        assertEquals("Bearer from-file", resolve("server: https://k", "tokenFile: token").authentication().current().authorization());
        assertEquals("Bearer abc", resolve("server: https://k", "token: abc\ntokenFile: token").authentication().current()
                .authorization(), "the token wins");
        assertEquals("Basic " + Base64.getEncoder().encodeToString("ci:s3cret".getBytes(StandardCharsets.UTF_8)),
                resolve("server: https://k", "username: ci\npassword: s3cret").authentication().current().authorization());
        assertEquals("more than one authentication method found for main; found [token basicAuth], only one is allowed",
                refused("server: https://k", "token: abc\nusername: ci\npassword: p").getMessage());
        assertTrue(assertThrows(KubeException.class, () -> resolve("server: https://k", "tokenFile: gone").authentication().current())
                .getMessage().startsWith("cannot read the tokenFile " + dir.resolve("gone")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"rsa-pkcs8", "rsa-pkcs1", "ec-pkcs8", "ec-sec1"})
    void clientCertificatesWithEachKeyForm(String form) throws Exception {
        KeyPair keys = form.startsWith("rsa") ? TestPki.rsa() : TestPki.ec();
        TestPki.Identity client = TestPki.issue(TestPki.authority("ca"), "admin", keys, List.of());
        String key = switch (form) {
            case "rsa-pkcs1" -> TestPki.pkcs1(keys);
            case "ec-sec1" -> TestPki.sec1(keys);
            default -> TestPki.pkcs8(keys);
        };
        ClientKey fromData = resolve("server: https://k", "client-certificate-data: " + TestPki.base64(client.certificatePem())
                + "\nclient-key-data: " + TestPki.base64(key)).authentication().current().clientKey();
        assertEquals(List.of(client.certificate()), fromData.chain());
        assertEquals(keys.getPrivate().getAlgorithm(), fromData.key().getAlgorithm());

        write("pki/admin.crt", client.certificatePem());
        write("pki/admin.key", key);
        ClientKey fromFiles = resolve("server: https://k", "client-certificate: pki/admin.crt\nclient-key: pki/admin.key")
                .authentication().current().clientKey();
        assertEquals(List.of(client.certificate()), fromFiles.chain());
    }

    @Test
    void aClientCertificateNeedsItsKey() throws Exception {
        String certificate = TestPki.base64(TestPki.issue(TestPki.authority("ca"), "admin", TestPki.ec(), List.of()).certificatePem());
        assertEquals("client-certificate of user \"main\" without client-key: both or neither are needed",
                refused("server: https://k", "client-certificate-data: " + certificate).getMessage());
        assertEquals("client-key of user \"main\" without client-certificate: both or neither are needed",
                refused("server: https://k", "client-key-data: " + TestPki.base64(TestPki.pkcs8(TestPki.ec()))).getMessage());
        assertEquals("the client-key of user \"main\" does not belong to the client-certificate of user \"main\" (CN=admin)",
                refused("server: https://k", "client-certificate-data: " + certificate + "\nclient-key-data: "
                        + TestPki.base64(TestPki.pkcs8(TestPki.ec()))).getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"gcp", "oidc", "azure"})
    void authProvidersAreRefusedWithTheWayOut(String provider) {
        String message = refused("server: https://k", "auth-provider: {name: " + provider + ", config: {}}").getMessage();
        assertTrue(message.startsWith("user \"main\" authenticates with the auth-provider \"" + provider + "\", which is not supported"),
                message);
        assertTrue(message.contains("use an exec credential plugin instead"), message);
    }

    @Test
    void impersonation() throws Exception {
        Authentication authentication = resolve("server: https://k", """
                token: t
                as: jane
                as-uid: "1234"
                as-groups: [developers, qa]
                as-user-extra: {reason: [deploy check]}""").authentication();
        assertEquals(Map.of("Impersonate-User", List.of("jane"), "Impersonate-Uid", List.of("1234"),
                "Impersonate-Group", List.of("developers", "qa"), "Impersonate-Extra-reason", List.of("deploy check")),
                authentication.impersonation());
        assertEquals("requesting uid, groups or user-extra for main without impersonating a user",
                refused("server: https://k", "as-groups: [developers]").getMessage());
    }
}
