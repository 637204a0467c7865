package io.github.migrationchart.plugins.common.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import static io.github.migrationchart.plugins.common.kube.Kubeconfig.text;

/**
 * Where the API server is and how to talk to it, as kubectl and Helm (client-go) find it: the
 * current context of the kubeconfig (an explicit file, else the files of {@code $KUBECONFIG}
 * merged, else {@code ~/.kube/config}), or the pod's service account when that names no context.
 * The context's namespace is not used: the caller names one.
 *
 * @param server         the API server's URL, with any path prefix
 * @param authorities    the certificate authorities to trust; empty for the JDK's
 * @param insecure       {@code insecure-skip-tls-verify}: trust any server certificate
 * @param tlsServerName  the name to check the server's certificate against instead of its host, or null
 * @param proxy          the HTTP proxy, or null for none
 * @param authentication how the client proves who it is
 */
record ClientConfig(URI server, List<X509Certificate> authorities, boolean insecure, String tlsServerName, URI proxy,
                    Authentication authentication) {
    ClientConfig {
        authorities = List.copyOf(authorities);
    }

    /** The configuration for {@code kubeconfig} (null: as kubectl finds it). */
    static ClientConfig find(Path kubeconfig, Environment environment) throws KubeException {
        Optional<Kubeconfig> config = Kubeconfig.find(kubeconfig, environment);
        if (config.map(c -> c.currentContext() == null).orElse(true) && inClusterPossible(environment)) {
            return inCluster(environment); // client-go's rule: an empty kubeconfig gives way to the pod's
        }
        if (config.isEmpty()) {
            List<Path> searched = Kubeconfig.locations(kubeconfig, environment);
            throw new KubeException("no kubeconfig: " + (environment.variable("KUBECONFIG") != null
                    ? "none of the files of $KUBECONFIG exists (" + searched.stream().map(Path::toString)
                            .collect(Collectors.joining(", ")) + ")"
                    : searched.get(0) + " does not exist") + ", and this is not a pod (no KUBERNETES_SERVICE_HOST)");
        }
        return of(config.get(), environment);
    }

    /** The current context of a kubeconfig. */
    static ClientConfig of(Kubeconfig config, Environment environment) throws KubeException {
        String files = config.files().stream().map(Path::toString).collect(Collectors.joining(", "));
        String contextName = config.currentContext();
        if (contextName == null) {
            throw new KubeException("the kubeconfig " + files + " sets no current-context");
        }
        JsonNode context = config.contexts().get(contextName);
        if (context == null) {
            throw new KubeException("context was not found for specified context: " + contextName + " (in " + files + ")");
        }
        String clusterName = text(context, "cluster");
        JsonNode cluster = clusterName == null ? null : config.clusters().get(clusterName);
        if (cluster == null) {
            throw new KubeException("cluster \"" + clusterName + "\" was not found for context \"" + contextName + "\" (in " + files + ")");
        }
        String userName = text(context, "user");
        JsonNode user = userName == null ? null : config.users().get(userName);
        if (userName != null && user == null) {
            throw new KubeException("user \"" + userName + "\" was not found for context \"" + contextName + "\" (in " + files + ")");
        }
        String what = "cluster \"" + clusterName + "\"";
        byte[] authorityPem = Authentication.data(cluster, "certificate-authority", what);
        List<X509Certificate> authorities = authorityPem == null ? List.of()
                : Pem.certificates(authorityPem, "the certificate-authority of " + what);
        boolean insecure = cluster.path("insecure-skip-tls-verify").asBoolean(false);
        if (insecure && authorityPem != null) {
            throw new KubeException("specifying a root certificates file with the insecure flag is not allowed (" + what + ")");
        }
        String tlsServerName = text(cluster, "tls-server-name");
        String server = text(cluster, "server");
        if (server == null) {
            throw new KubeException("no server found for " + what);
        }
        boolean tls = authorityPem != null || insecure || tlsServerName != null;
        URI serverUrl;
        try {
            serverUrl = new URI(server.contains("://") ? server : (tls ? "https://" : "http://") + server);
        } catch (URISyntaxException e) {
            throw new KubeException("the server of " + what + " is not a URL: " + e.getMessage(), e);
        }
        if (serverUrl.getHost() == null || !List.of("https", "http").contains(serverUrl.getScheme())) {
            throw new KubeException("the server of " + what + " is not an http(s) URL with a host: " + server);
        }
        JsonNode exec = user == null ? null : user.get("exec");
        JsonNode execCluster = exec != null && exec.path("provideClusterInfo").asBoolean(false)
                ? execCluster(cluster, server, authorityPem) : null;
        return new ClientConfig(serverUrl, authorities, insecure, tlsServerName,
                Proxies.choose(text(cluster, "proxy-url"), serverUrl, environment),
                user == null ? Authentication.none() : Authentication.of(userName, user, execCluster, environment));
    }

    /** The pod's service account: KUBERNETES_SERVICE_HOST and _PORT, its token (re-read, it rotates) and ca.crt. */
    static ClientConfig inCluster(Environment environment) throws KubeException {
        String host = environment.variable("KUBERNETES_SERVICE_HOST");
        URI server = URI.create("https://" + (host.contains(":") ? "[" + host + "]" : host) + ":"
                + environment.variable("KUBERNETES_SERVICE_PORT"));
        Path authority = environment.serviceAccount().resolve("ca.crt");
        List<X509Certificate> authorities = Files.isRegularFile(authority)
                ? Pem.certificates(Kubeconfig.bytes(authority, "the service account's"), authority.toString()) : List.of();
        return new ClientConfig(server, authorities, false, null, Proxies.choose(null, server, environment),
                Authentication.tokenFile(environment.serviceAccount().resolve("token")));
    }

    private static boolean inClusterPossible(Environment environment) {
        return environment.variable("KUBERNETES_SERVICE_HOST") != null && environment.variable("KUBERNETES_SERVICE_PORT") != null
                && Files.isRegularFile(environment.serviceAccount().resolve("token"));
    }

    /** {@code spec.cluster} of the ExecCredential for a plugin with {@code provideClusterInfo: true}. */
    private static JsonNode execCluster(JsonNode cluster, String server, byte[] authorityPem) {
        ObjectNode info = JsonNodeFactory.instance.objectNode().put("server", server);
        for (String field : List.of("tls-server-name", "proxy-url")) {
            if (text(cluster, field) != null) {
                info.put(field, text(cluster, field));
            }
        }
        if (cluster.path("insecure-skip-tls-verify").asBoolean(false)) {
            info.put("insecure-skip-tls-verify", true);
        }
        if (authorityPem != null) {
            info.put("certificate-authority-data", Base64.getEncoder().encodeToString(authorityPem));
        }
        for (JsonNode extension : cluster.path("extensions")) {
            if ("client.authentication.k8s.io/exec".equals(text(extension, "name")) && extension.has("extension")) {
                info.set("config", extension.get("extension"));
            }
        }
        return info;
    }
}
