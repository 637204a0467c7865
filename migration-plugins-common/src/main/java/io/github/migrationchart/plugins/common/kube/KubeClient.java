package io.github.migrationchart.plugins.common.kube;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * A small client of the Kubernetes API, for what the deploy goal reads and changes next to Helm:
 * Jobs, Pods and Events by selector, a pod's log, a merge patch of a Job. It finds the cluster as
 * kubectl does ({@link ClientConfig}) and talks to it over the JDK's HTTP client, one attempt per
 * call: a caller that polls simply tries again. Objects come back as JSON trees.
 */
public final class KubeClient {
    private final ClientConfig config;
    private final HttpClient http;
    private final Duration requestTimeout;
    private final AtomicReference<ClientKey> clientKey = new AtomicReference<>();
    private final ObjectMapper json = new ObjectMapper();

    private KubeClient(ClientConfig config, Duration connectTimeout, Duration requestTimeout) throws KubeException {
        this.config = config;
        this.requestTimeout = requestTimeout;
        HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout)
                .proxy(config.proxy() == null ? HttpClient.Builder.NO_PROXY
                        : ProxySelector.of(InetSocketAddress.createUnresolved(config.proxy().getHost(),
                                config.proxy().getPort() == -1 ? 80 : config.proxy().getPort())));
        if ("https".equals(config.server().getScheme())) {
            SSLContext context = Tls.context(config, clientKey::get);
            builder.sslContext(context).sslParameters(Tls.parameters(context, config));
        }
        this.http = builder.build();
    }

    /**
     * A client of the cluster of {@code kubeconfig} (null: as kubectl finds it, see {@link ClientConfig}).
     * Nothing is sent yet; an exec credential plugin runs at the first call.
     *
     * @throws KubeException when the kubeconfig cannot be used, saying why
     */
    public static KubeClient connect(Path kubeconfig, Duration connectTimeout, Duration requestTimeout) throws KubeException {
        return new KubeClient(ClientConfig.find(kubeconfig, Environment.system()), connectTimeout, requestTimeout);
    }

    /** As above, from a configuration (tests). */
    static KubeClient connect(ClientConfig config, Duration connectTimeout, Duration requestTimeout) throws KubeException {
        return new KubeClient(config, connectTimeout, requestTimeout);
    }

    /** The namespace's Jobs that match a label selector. */
    public List<JsonNode> jobs(String namespace, String labelSelector) throws KubeException {
        return items(get("/apis/batch/v1/namespaces/" + namespace + "/jobs", Map.of("labelSelector", labelSelector)));
    }

    /** The namespace's Pods that match a label selector. */
    public List<JsonNode> pods(String namespace, String labelSelector) throws KubeException {
        return items(get("/api/v1/namespaces/" + namespace + "/pods", Map.of("labelSelector", labelSelector)));
    }

    /** The Events about the object of that name in the namespace (core/v1, {@code involvedObject.name}). */
    public List<JsonNode> events(String namespace, String involvedObjectName) throws KubeException {
        return items(get("/api/v1/namespaces/" + namespace + "/events", Map.of("fieldSelector", "involvedObject.name=" + involvedObjectName)));
    }

    /** The Job, or empty when there is none of that name. */
    public Optional<JsonNode> job(String namespace, String name) throws KubeException {
        try {
            return Optional.of(parse(get("/apis/batch/v1/namespaces/" + namespace + "/jobs/" + name, Map.of())));
        } catch (KubeException e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** The last lines of a pod's log. */
    public String log(String namespace, String pod, String container, int tailLines) throws KubeException {
        Map<String, String> query = new LinkedHashMap<>();
        if (container != null) {
            query.put("container", container);
        }
        query.put("tailLines", String.valueOf(tailLines));
        return send("GET", "/api/v1/namespaces/" + namespace + "/pods/" + pod + "/log", query, null).body();
    }

    /** Applies a JSON merge patch (RFC 7386) to the Job; returns the Job as it is then. */
    public JsonNode mergePatchJob(String namespace, String name, String patch) throws KubeException {
        return parse(send("PATCH", "/apis/batch/v1/namespaces/" + namespace + "/jobs/" + name, Map.of(), patch));
    }

    private HttpResponse<String> get(String path, Map<String, String> query) throws KubeException {
        return send("GET", path, query, null);
    }

    private HttpResponse<String> send(String method, String path, Map<String, String> query, String mergePatch)
            throws KubeException {
        String base = config.server().toString().replaceAll("/+$", "");
        String target = method + " " + base + path;
        Authentication.Credentials credentials = config.authentication().current();
        clientKey.set(credentials.clientKey());
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path + query(query)))
                .timeout(requestTimeout)
                .header("Accept", path.endsWith("/log") ? "*/*" : "application/json")
                .header("User-Agent", "migration-chart")
                .method(method, mergePatch == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(mergePatch));
        if (mergePatch != null) {
            request.header("Content-Type", "application/merge-patch+json");
        }
        if (credentials.authorization() != null) {
            request.header("Authorization", credentials.authorization());
        }
        config.authentication().impersonation().forEach((name, values) -> values.forEach(value -> request.header(name, value)));
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new KubeException(target + " failed: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KubeException(target + ": interrupted", e);
        }
        if (response.statusCode() >= 400) {
            if (response.statusCode() == 401) {
                config.authentication().refused();
            }
            throw new KubeException(target + ": " + status(response), response.statusCode(), null);
        }
        return response;
    }

    /** {@code 403 Forbidden: <the Status's message>}, or the start of a body that is no Status. */
    private String status(HttpResponse<String> response) {
        String body = response.body() == null ? "" : response.body().strip();
        try {
            JsonNode status = json.readTree(body);
            if (status != null && "Status".equals(Kubeconfig.text(status, "kind"))) {
                String reason = Kubeconfig.text(status, "reason");
                String message = Kubeconfig.text(status, "message");
                return response.statusCode() + (reason == null ? "" : " " + reason) + (message == null ? "" : ": " + message);
            }
        } catch (IOException e) {
            // not JSON: shown as it is
        }
        String start = body.lines().findFirst().orElse("");
        return response.statusCode() + (start.isEmpty() ? "" : ": " + (start.length() > 200 ? start.substring(0, 200) + "..." : start));
    }

    private JsonNode parse(HttpResponse<String> response) throws KubeException {
        try {
            return json.readTree(response.body());
        } catch (JsonProcessingException e) {
            throw new KubeException(response.request().method() + " " + response.uri() + ": the answer is not JSON ("
                    + e.getOriginalMessage() + ")", e);
        }
    }

    private List<JsonNode> items(HttpResponse<String> response) throws KubeException {
        List<JsonNode> items = new ArrayList<>();
        parse(response).path("items").forEach(items::add);
        return items;
    }

    private static String query(Map<String, String> parameters) {
        return parameters.isEmpty() ? "" : parameters.entrySet().stream()
                .map(p -> p.getKey() + "=" + URLEncoder.encode(p.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&", "?", ""));
    }
}
