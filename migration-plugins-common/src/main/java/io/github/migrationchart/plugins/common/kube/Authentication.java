package io.github.migrationchart.plugins.common.kube;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.github.migrationchart.plugins.common.kube.Kubeconfig.text;

/**
 * How a client proves who it is: a kubeconfig user, or the pod's service account.
 *
 * @param token         a bearer token, or null
 * @param tokenFile     a file with the bearer token, read for each request (it may rotate), or null
 * @param basic         the {@code Authorization} of a user name and password, or null
 * @param clientKey     the client certificate, or null
 * @param exec          the credential plugin, or null
 * @param impersonation the {@code Impersonate-*} headers ({@code as}, {@code as-uid}, {@code as-groups}, {@code as-user-extra})
 */
record Authentication(String token, Path tokenFile, String basic, ClientKey clientKey, ExecPlugin exec,
                      Map<String, List<String>> impersonation) {
    Authentication {
        impersonation = Map.copyOf(impersonation);
    }

    /**
     * What the next request sends.
     *
     * @param authorization its {@code Authorization} header, or null
     * @param clientKey     the client certificate for its TLS connection, or null
     */
    record Credentials(String authorization, ClientKey clientKey) {}

    /** Anonymous: a context without a user. */
    static Authentication none() {
        return new Authentication(null, null, null, null, null, Map.of());
    }

    /** The service account token of a pod, which the kubelet rotates. */
    static Authentication tokenFile(Path file) {
        return new Authentication(null, file, null, null, null, Map.of());
    }

    /**
     * The kubeconfig user {@code name}, checked as kubectl checks it.
     *
     * @param execCluster the cluster as an exec plugin is told it, or null
     */
    static Authentication of(String name, JsonNode user, JsonNode execCluster, Environment environment) throws KubeException {
        String who = "user \"" + name + "\"";
        JsonNode provider = user.get("auth-provider");
        if (provider != null && !provider.isNull()) {
            throw new KubeException(who + " authenticates with the auth-provider \"" + text(provider, "name")
                    + "\", which is not supported (kubectl removed the gcp and azure providers, client-go deprecated them all):"
                    + " use an exec credential plugin instead, e.g. gke-gcloud-auth-plugin, kubelogin or aws eks get-token");
        }
        String token = text(user, "token");
        String username = text(user, "username");
        String password = text(user, "password");
        if (token != null && (username != null || password != null)) {
            throw new KubeException("more than one authentication method found for " + name
                    + "; found [token basicAuth], only one is allowed");
        }
        String tokenFile = text(user, "tokenFile");
        String basic = username == null && password == null ? null : "Basic " + Base64.getEncoder().encodeToString(
                (orEmpty(username) + ":" + orEmpty(password)).getBytes(StandardCharsets.UTF_8));
        JsonNode exec = user.get("exec");
        return new Authentication(token, token != null || tokenFile == null ? null : Path.of(tokenFile), basic,
                clientKey(user, who), exec == null || exec.isNull() ? null : ExecPlugin.of(who, exec, execCluster, environment),
                impersonation(user, name));
    }

    /** The credentials for the next request; runs the exec plugin when it has none or they expired. */
    Credentials current() throws KubeException {
        ExecPlugin.Credential plugin = exec == null ? null : exec.credential();
        String bearer = token != null ? token
                : tokenFile != null ? new String(Kubeconfig.bytes(tokenFile, "the tokenFile"), StandardCharsets.UTF_8).strip()
                : plugin != null ? plugin.token() : null;
        String authorization = bearer != null ? "Bearer " + bearer : basic;
        return new Credentials(authorization, plugin != null && plugin.clientKey() != null ? plugin.clientKey() : clientKey);
    }

    /** The API refused the credentials (401): a plugin's may have been revoked early, so it is asked again next time. */
    void refused() {
        if (exec != null) {
            exec.forget();
        }
    }

    private static ClientKey clientKey(JsonNode user, String who) throws KubeException {
        byte[] certificate = data(user, "client-certificate", who);
        byte[] key = data(user, "client-key", who);
        if (certificate == null && key == null) {
            return null;
        }
        if (certificate == null || key == null) {
            throw new KubeException((certificate == null ? "client-key" : "client-certificate") + " of " + who + " without "
                    + (certificate == null ? "client-certificate" : "client-key") + ": both or neither are needed");
        }
        return ClientKey.of(certificate, "the client-certificate of " + who, key, "the client-key of " + who);
    }

    /** {@code field-data} (base64), else the file {@code field} names, else null; as in client-go, the data wins. */
    static byte[] data(JsonNode node, String field, String who) throws KubeException {
        String data = text(node, field + "-data");
        if (data != null) {
            return Pem.decode(data, field + "-data of " + who);
        }
        String file = text(node, field);
        return file == null ? null : Kubeconfig.bytes(Path.of(file), "the " + field + " of " + who);
    }

    private static Map<String, List<String>> impersonation(JsonNode user, String name) throws KubeException {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        String as = text(user, "as");
        String uid = text(user, "as-uid");
        List<String> groups = new ArrayList<>();
        user.path("as-groups").forEach(group -> groups.add(group.asText()));
        JsonNode extra = user.path("as-user-extra");
        if (as == null) {
            if (uid != null || !groups.isEmpty() || !extra.isEmpty()) {
                throw new KubeException("requesting uid, groups or user-extra for " + name + " without impersonating a user");
            }
            return headers;
        }
        headers.put("Impersonate-User", List.of(as));
        if (uid != null) {
            headers.put("Impersonate-Uid", List.of(uid));
        }
        if (!groups.isEmpty()) {
            headers.put("Impersonate-Group", groups);
        }
        for (Map.Entry<String, JsonNode> entry : extra.properties()) {
            List<String> values = new ArrayList<>();
            entry.getValue().forEach(value -> values.add(value.asText()));
            headers.put("Impersonate-Extra-" + URLEncoder.encode(entry.getKey(), StandardCharsets.UTF_8).replace("+", "%20"), values);
        }
        return headers;
    }

    private static String orEmpty(String text) {
        return text == null ? "" : text;
    }
}
