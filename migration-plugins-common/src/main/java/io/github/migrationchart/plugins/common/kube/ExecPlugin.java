package io.github.migrationchart.plugins.common.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static io.github.migrationchart.plugins.common.kube.Kubeconfig.text;

/**
 * A client-go credential plugin ({@code users[].user.exec}, {@code client.authentication.k8s.io/v1}
 * or {@code v1beta1}): runs the command with its args and env, never interactively (standard input
 * closed, {@code KUBERNETES_EXEC_INFO} saying {@code spec.interactive: false}, as client-go does
 * for {@code interactiveMode: Never} or without a terminal), and keeps the token or client
 * certificate it prints until its {@code expirationTimestamp}, or until the API refuses it.
 */
final class ExecPlugin {
    static final Set<String> API_VERSIONS = Set.of("client.authentication.k8s.io/v1", "client.authentication.k8s.io/v1beta1");
    /** client-go waits for ever; a build should not, and Helm runs the same plugin anyway. */
    static final Duration TIMEOUT = Duration.ofMinutes(1);
    private static final String NOT_INSTALLED = "it looks like you are trying to use a client-go credential plugin that is not installed";

    private final List<String> command;
    private final Map<String, String> environment;
    private final String apiVersion;
    private final String installHint;
    private final JsonNode cluster;
    private Credential cached;

    /**
     * What the plugin printed.
     *
     * @param token     the bearer token, or null
     * @param clientKey the client certificate and key, or null
     * @param expiry    when to ask the plugin again, or null for never
     */
    record Credential(String token, ClientKey clientKey, Instant expiry) {}

    private ExecPlugin(List<String> command, Map<String, String> environment, String apiVersion, String installHint,
                       JsonNode cluster) {
        this.command = List.copyOf(command);
        this.environment = Map.copyOf(environment);
        this.apiVersion = apiVersion;
        this.installHint = installHint;
        this.cluster = cluster;
    }

    /**
     * The plugin of a kubeconfig user, checked as client-go checks it.
     *
     * @param user    the user's name, for errors
     * @param exec    the user's {@code exec}
     * @param cluster the ExecCredential's {@code spec.cluster} when the plugin asks for it ({@code provideClusterInfo}), else null
     */
    static ExecPlugin of(String user, JsonNode exec, JsonNode cluster, Environment environment) throws KubeException {
        String command = text(exec, "command");
        String apiVersion = text(exec, "apiVersion");
        if (command == null) {
            throw new KubeException("command must be specified for " + user + " to use exec authentication plugin");
        }
        if (apiVersion == null) {
            throw new KubeException("apiVersion must be specified for " + user + " to use exec authentication plugin");
        }
        if (!API_VERSIONS.contains(apiVersion)) {
            throw new KubeException("exec plugin: invalid apiVersion \"" + apiVersion + "\" (use " + String.join(" or ",
                    API_VERSIONS.stream().sorted().toList()) + ")");
        }
        String mode = text(exec, "interactiveMode");
        if (mode == null && apiVersion.endsWith("/v1")) {
            throw new KubeException("interactiveMode must be specified for " + user + " to use exec authentication plugin");
        }
        if ("Always".equals(mode)) {
            throw new KubeException("exec plugin cannot support interactive mode: standard input is not a terminal"
                    + " (the plugin of " + user + " has interactiveMode Always)");
        }
        if (mode != null && !mode.equals("Never") && !mode.equals("IfAvailable")) {
            throw new KubeException("invalid interactiveMode for " + user + ": \"" + mode + "\"");
        }
        List<String> commandLine = new ArrayList<>(List.of(command));
        exec.path("args").forEach(arg -> commandLine.add(arg.asText()));
        Map<String, String> variables = new LinkedHashMap<>(environment.variables());
        for (JsonNode variable : exec.path("env")) {
            String name = text(variable, "name");
            if (name == null) {
                throw new KubeException("env variable name must be specified for " + user + " to use exec authentication plugin");
            }
            variables.put(name, variable.path("value").asText(""));
        }
        return new ExecPlugin(commandLine, variables, apiVersion, text(exec, "installHint"), cluster);
    }

    /** What the plugin printed last, or prints now when that has expired. */
    synchronized Credential credential() throws KubeException {
        if (cached == null || cached.expiry() != null && !Instant.now().isBefore(cached.expiry())) {
            cached = run();
        }
        return cached;
    }

    /** Asks the plugin again next time: the API refused what it printed. */
    synchronized void forget() {
        cached = null;
    }

    private Credential run() throws KubeException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode info = json.createObjectNode().put("kind", "ExecCredential").put("apiVersion", apiVersion);
        ObjectNode spec = info.putObject("spec").put("interactive", false);
        if (cluster != null) {
            spec.set("cluster", cluster);
        }
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().clear();
        builder.environment().putAll(environment);
        builder.environment().put("KUBERNETES_EXEC_INFO", info.toString());
        String executable = command.get(0);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            if (!String.valueOf(e.getMessage()).contains("error=2,")) { // not ENOENT: e.g. not executable
                throw new KubeException("exec: cannot run " + executable + ": " + e.getMessage(), e);
            }
            String hint = installHint == null ? NOT_INSTALLED : String.join(" ", installHint.strip().split("\\s*\\n\\s*"));
            throw new KubeException("exec: executable " + executable + " not found: " + hint, e);
        }
        byte[] stdout;
        String stderr;
        try {
            process.getOutputStream().close(); // never interactive
            CompletableFuture<byte[]> out = drain(process.getInputStream());
            CompletableFuture<byte[]> err = drain(process.getErrorStream());
            if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new KubeException("exec: executable " + executable + " did not finish within " + TIMEOUT.toSeconds() + " s");
            }
            stdout = out.get(5, TimeUnit.SECONDS);
            stderr = new String(err.get(5, TimeUnit.SECONDS), StandardCharsets.UTF_8).strip();
        } catch (IOException | ExecutionException | TimeoutException e) {
            throw new KubeException("exec: executable " + executable + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KubeException("exec: interrupted while waiting for " + executable, e);
        } finally {
            process.destroyForcibly();
        }
        if (process.exitValue() != 0) {
            throw new KubeException("exec: executable " + executable + " failed with exit code " + process.exitValue()
                    + (stderr.isEmpty() ? "" : ": " + String.join(" ", stderr.lines().toList())));
        }
        return parse(json, stdout);
    }

    private Credential parse(ObjectMapper json, byte[] stdout) throws KubeException {
        JsonNode credential;
        try {
            credential = json.readTree(stdout);
        } catch (IOException e) {
            throw new KubeException("exec plugin " + command.get(0) + ": decoding stdout: " + e.getMessage(), e);
        }
        if (credential == null || credential.isMissingNode() || !"ExecCredential".equals(text(credential, "kind"))
                || !apiVersion.equals(text(credential, "apiVersion"))) {
            throw new KubeException("exec plugin is configured to use API version " + apiVersion + ", plugin returned "
                    + (credential == null || credential.isMissingNode() ? "nothing" : "version " + text(credential, "apiVersion") + " of kind "
                    + text(credential, "kind")));
        }
        JsonNode status = credential.get("status");
        if (status == null || !status.isObject()) {
            throw new KubeException("exec plugin didn't return a status field");
        }
        String token = text(status, "token");
        String certificate = text(status, "clientCertificateData");
        String key = text(status, "clientKeyData");
        if (token == null && certificate == null && key == null) {
            throw new KubeException("exec plugin didn't return a token or cert/key pair");
        }
        if ((certificate == null) != (key == null)) {
            throw new KubeException("exec plugin returned only certificate or key, not both");
        }
        ClientKey clientKey = certificate == null ? null : ClientKey.of(certificate.getBytes(StandardCharsets.US_ASCII),
                "the clientCertificateData of the exec plugin", key.getBytes(StandardCharsets.US_ASCII),
                "the clientKeyData of the exec plugin");
        String expiry = text(status, "expirationTimestamp");
        try {
            return new Credential(token, clientKey, expiry == null ? null : OffsetDateTime.parse(expiry).toInstant());
        } catch (DateTimeParseException e) {
            throw new KubeException("exec plugin returned an expirationTimestamp that is not RFC 3339: " + expiry, e);
        }
    }

    /** Reads a stream of the plugin to its end on a thread of its own, so that neither pipe fills up. */
    private static CompletableFuture<byte[]> drain(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                return stream.readAllBytes();
            } catch (IOException e) {
                return new byte[0];
            }
        }, task -> {
            Thread thread = new Thread(task, "exec-credential-plugin");
            thread.setDaemon(true);
            thread.start();
        });
    }
}
