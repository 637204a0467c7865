package io.github.migrationchart.plugins.common.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Exec credential plugins, played by a shell script that records how it was run (arguments,
 * environment, KUBERNETES_EXEC_INFO, whether its standard input was closed) and prints the
 * ExecCredential the test wrote for it.
 */
@DisabledOnOs(OS.WINDOWS)
class ExecPluginTest {
    private static final String V1 = "client.authentication.k8s.io/v1";
    private static final String V1BETA1 = "client.authentication.k8s.io/v1beta1";
    private static final String PLUGIN = """
            #!/bin/sh
            printf '%s' "$KUBERNETES_EXEC_INFO" > "$RECORD/info.json"
            printf '%s\\n' "$@" > "$RECORD/args"
            echo run >> "$RECORD/runs"
            if read -r line; then echo "standard input was open" >&2; exit 3; fi
            echo "a note on standard error" >&2
            cat "$RECORD/credential.json"
            exit "${EXIT:-0}"
            """;

    @TempDir
    Path dir;
    private final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void plugin() throws IOException {
        Path plugin = dir.resolve("bin/plugin.sh");
        Files.createDirectories(plugin.getParent());
        Files.writeString(plugin, PLUGIN);
        Files.setPosixFilePermissions(plugin, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private void prints(String apiVersion, String status) throws IOException {
        Files.writeString(dir.resolve("credential.json"),
                "{\"apiVersion\":\"" + apiVersion + "\",\"kind\":\"ExecCredential\",\"status\":" + status + "}");
    }

    /** The credentials of a kubeconfig whose user is the plugin with this {@code exec} body (YAML). */
    private Authentication user(String exec) throws Exception {
        return user(exec, "", Map.of());
    }

    /**
     * As above, with more of the cluster (YAML) and more variables in the plugin's {@code env}.
     */
    private Authentication user(String exec, String clusterExtra, Map<String, String> env) throws Exception {
        StringBuilder variables = new StringBuilder("{name: RECORD, value: \"" + dir + "\"}");
        env.forEach((name, value) -> variables.append(", {name: ").append(name).append(", value: '").append(value).append("'}"));
        Path kubeconfig = dir.resolve("kubeconfig");
        Files.writeString(kubeconfig, TestKubeconfig.of("server: https://10.0.0.1:6443\ninsecure-skip-tls-verify: true\n" + clusterExtra,
                "exec:\n  command: ./bin/plugin.sh\n  env: [" + variables + "]\n" + TestKubeconfig.indent(exec, "  ")));
        Map<String, String> environment = new HashMap<>(System.getenv());
        environment.remove("KUBERNETES_EXEC_INFO");
        return ClientConfig.find(kubeconfig, new Environment(environment, dir, dir.resolve("sa"))).authentication();
    }

    private int runs() throws IOException {
        return Files.exists(dir.resolve("runs")) ? Files.readAllLines(dir.resolve("runs")).size() : 0;
    }

    private JsonNode execInfo() throws IOException {
        return json.readTree(dir.resolve("info.json").toFile());
    }

    @Test
    void aTokenFromAV1PluginRunWithItsArgsAndEnvAndNothingOnStandardInput() throws Exception {
        prints(V1, "{\"token\":\"from-plugin\"}");
        Authentication authentication = user("""
                apiVersion: client.authentication.k8s.io/v1
                interactiveMode: Never
                args: [get-token, --cluster, "main cluster"]""");
        assertEquals(0, runs(), "not run before a request needs it");

        assertEquals("Bearer from-plugin", authentication.current().authorization());

        assertEquals(List.of("get-token", "--cluster", "main cluster"), Files.readAllLines(dir.resolve("args")));
        assertEquals(json.readTree("{\"kind\":\"ExecCredential\",\"apiVersion\":\"" + V1 + "\",\"spec\":{\"interactive\":false}}"),
                execInfo());
        assertNull(authentication.current().clientKey());
        assertEquals(1, runs(), "kept: no expirationTimestamp");
    }

    @Test
    void aV1beta1PluginMayOmitInteractiveModeAndMayAskForTheCluster() throws Exception {
        prints(V1BETA1, "{\"token\":\"t\"}");
        user("apiVersion: " + V1BETA1 + "\nprovideClusterInfo: true", """
                tls-server-name: kube.internal
                extensions:
                - name: client.authentication.k8s.io/exec
                  extension: {audience: deploy}""", Map.of()).current();
        assertEquals(json.readTree("""
                {"server":"https://10.0.0.1:6443","tls-server-name":"kube.internal","insecure-skip-tls-verify":true,
                 "config":{"audience":"deploy"}}"""), execInfo().path("spec").path("cluster"));
        assertEquals(false, execInfo().path("spec").path("interactive").asBoolean(true));
    }

    @Test
    void aClientCertificateFromThePlugin() throws Exception {
        TestPki.Identity client = TestPki.issue(TestPki.authority("ca"), "exec-user", TestPki.ec(), List.of());
        prints(V1, json.createObjectNode().put("clientCertificateData", client.certificatePem())
                .put("clientKeyData", TestPki.sec1(client.keys())).toString());
        Authentication.Credentials credentials = user("apiVersion: " + V1 + "\ninteractiveMode: IfAvailable").current();
        assertNull(credentials.authorization());
        assertEquals(List.of(client.certificate()), credentials.clientKey().chain());
    }

    @Test
    void runsAgainWhenTheCredentialExpiredOrWasRefused() throws Exception {
        prints(V1, "{\"token\":\"old\",\"expirationTimestamp\":\"" + Instant.now().minusSeconds(1) + "\"}");
        Authentication expired = user("apiVersion: " + V1 + "\ninteractiveMode: Never");
        expired.current();
        expired.current();
        assertEquals(2, runs(), "expired at once");

        prints(V1, "{\"token\":\"new\",\"expirationTimestamp\":\"2999-01-01T00:00:00+01:00\"}");
        Authentication valid = user("apiVersion: " + V1 + "\ninteractiveMode: Never");
        valid.current();
        valid.current();
        assertEquals(3, runs(), "kept until it expires");
        valid.refused();
        assertEquals("Bearer new", valid.current().authorization());
        assertEquals(4, runs(), "asked again after a 401");
    }

    @Test
    void saysWhyThePluginGaveNothing() throws Exception {
        prints(V1, "{\"token\":\"t\"}");
        assertEquals("exec: executable " + dir.resolve("bin/plugin.sh") + " failed with exit code 4: a note on standard error",
                failure("apiVersion: " + V1 + "\ninteractiveMode: Never", Map.of("EXIT", "4")));
        Files.writeString(dir.resolve("credential.json"), "");
        assertEquals("exec plugin is configured to use API version " + V1 + ", plugin returned nothing",
                failure("apiVersion: " + V1 + "\ninteractiveMode: Never", Map.of()));
        prints(V1BETA1, "{\"token\":\"t\"}");
        assertEquals("exec plugin is configured to use API version " + V1 + ", plugin returned version " + V1BETA1
                + " of kind ExecCredential", failure("apiVersion: " + V1 + "\ninteractiveMode: Never", Map.of()));
        Files.writeString(dir.resolve("credential.json"), "{\"apiVersion\":\"" + V1 + "\",\"kind\":\"ExecCredential\"}");
        assertEquals("exec plugin didn't return a status field", failure("apiVersion: " + V1 + "\ninteractiveMode: Never", Map.of()));
        prints(V1, "{}");
        assertEquals("exec plugin didn't return a token or cert/key pair",
                failure("apiVersion: " + V1 + "\ninteractiveMode: Never", Map.of()));
        prints(V1, "{\"clientCertificateData\":\"x\"}");
        assertEquals("exec plugin returned only certificate or key, not both",
                failure("apiVersion: " + V1 + "\ninteractiveMode: Never", Map.of()));
        prints(V1, "{\"token\":\"t\",\"expirationTimestamp\":\"tomorrow\"}");
        assertEquals("exec plugin returned an expirationTimestamp that is not RFC 3339: tomorrow",
                failure("apiVersion: " + V1 + "\ninteractiveMode: Never", Map.of()));
    }

    /** The message of the failure of a plugin run with these extra environment variables. */
    private String failure(String exec, Map<String, String> env) {
        return assertThrows(KubeException.class, () -> user(exec, "", env).current()).getMessage();
    }

    @Test
    void aMissingPluginNamesItsInstallHint() throws Exception {
        Path kubeconfig = dir.resolve("kubeconfig");
        Files.writeString(kubeconfig, TestKubeconfig.of("server: https://k", """
                exec:
                  command: no-such-credential-plugin
                  apiVersion: client.authentication.k8s.io/v1beta1
                  installHint: |
                    Install it with:
                      brew install no-such-credential-plugin"""));
        Authentication authentication = ClientConfig.find(kubeconfig, new Environment(System.getenv(), dir, dir)).authentication();
        assertEquals("exec: executable no-such-credential-plugin not found: Install it with: brew install no-such-credential-plugin",
                assertThrows(KubeException.class, authentication::current).getMessage());
        Files.writeString(kubeconfig, Files.readString(kubeconfig).replaceAll("(?s)      installHint.*", ""));
        assertEquals("exec: executable no-such-credential-plugin not found: it looks like you are trying to use a client-go"
                + " credential plugin that is not installed", assertThrows(KubeException.class,
                () -> ClientConfig.find(kubeconfig, new Environment(System.getenv(), dir, dir)).authentication().current()).getMessage());
    }

    @Test
    void refusesWhatClientGoRefuses() {
        assertEquals("interactiveMode must be specified for user \"main\" to use exec authentication plugin",
                assertThrows(KubeException.class, () -> user("apiVersion: " + V1)).getMessage());
        assertEquals("exec plugin cannot support interactive mode: standard input is not a terminal (the plugin of user \"main\""
                + " has interactiveMode Always)", assertThrows(KubeException.class,
                () -> user("apiVersion: " + V1 + "\ninteractiveMode: Always")).getMessage());
        assertEquals("invalid interactiveMode for user \"main\": \"Sometimes\"", assertThrows(KubeException.class,
                () -> user("apiVersion: " + V1 + "\ninteractiveMode: Sometimes")).getMessage());
        assertEquals("exec plugin: invalid apiVersion \"client.authentication.k8s.io/v1alpha1\" (use " + V1 + " or " + V1BETA1 + ")",
                assertThrows(KubeException.class, () -> user("apiVersion: client.authentication.k8s.io/v1alpha1")).getMessage());
        assertEquals("apiVersion must be specified for user \"main\" to use exec authentication plugin",
                assertThrows(KubeException.class, () -> user("interactiveMode: Never")).getMessage());
    }
}
