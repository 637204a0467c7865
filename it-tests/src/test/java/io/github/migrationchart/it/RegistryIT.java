package io.github.migrationchart.it;

import io.github.migrationchart.it.Tools.HelmCli;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static io.github.migrationchart.it.Charts.files;
import static io.github.migrationchart.it.LaravelApp.IMAGE;
import static io.github.migrationchart.it.LaravelApp.RELEASE;
import static io.github.migrationchart.it.LaravelApp.USERS;
import static io.github.migrationchart.it.LocalCluster.require;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code migration:package} against a real OCI registry (CNCF distribution, {@link LocalRegistry}):
 * the Laravel example's chart is pushed with the credentials of {@code helm registry login}, pulled
 * back and installed from the registry by Helm 3 and Helm 4 on the real node, where its migration
 * runs; wrong credentials and a refused address fail the build naming {@code <push>} and the
 * registry's answer. (HTTPS against this plain-HTTP registry cannot be shown: on a loopback
 * address Helm's registry client falls back to HTTP by itself.)
 */
@ExtendWith(LocalCluster.class)
class RegistryIT {
    private static final String CHART = "api";
    private static final String VERSION = "1.4.0";

    private static LocalRegistry registry;
    private static Path work;
    private static Path project;
    private static Path credentials;
    private static Path helmHome;
    private static Command.Result push;

    @BeforeAll
    static void pushTheExampleChart() throws IOException {
        registry = LocalRegistry.start();
        work = Files.createTempDirectory("registry-it-");
        project = FixtureBuilds.copyExample("laravel-api", work);
        helmHome = registry.login("login");
        credentials = registry.registryConfig("login");
        push = packageAndPush(helmHome, "oci://" + registry.host() + "/charts", "-Dmigration.package.push.plainHttp=true");
    }

    @AfterAll
    static void stopTheRegistry() throws IOException {
        if (registry != null) {
            registry.close();
        }
    }

    /** migration:package with the Helm configuration home {@code helmHome}, where helm registry login keeps credentials. */
    private static Command.Result packageAndPush(Path helmHome, String address, String... more) {
        List<String> arguments = new ArrayList<>(List.of("migration:package", "-Dmigration.package.push=" + address));
        arguments.addAll(List.of(more));
        return FixtureBuilds.maven(project, Map.of("HELM_CONFIG_HOME", helmHome.toString()),
                arguments.toArray(String[]::new));
    }

    @Test
    void thePushSaysWhereTheChartWent() {
        assertTrue(push.succeeded(), push.describe() + "\n--- registry ---\n" + registry.log());
        assertTrue(push.stdout().contains("[INFO] Pushed " + CHART + "-" + VERSION + ".tgz to oci://" + registry.host() + "/charts"),
                push.stdout());
    }

    @ParameterizedTest(name = "{0} pulls exactly the generated chart")
    @EnumSource(HelmCli.class)
    void thePulledChartIsTheGeneratedOne(HelmCli helm) throws IOException {
        assertTrue(push.succeeded(), push.describe());
        Path into = Files.createDirectories(work.resolve("pulled-" + helm.name().toLowerCase()));
        Command.Result pull = helm.command("pull", "oci://" + registry.host() + "/charts/" + CHART, "--version", VERSION,
                "--plain-http", "--registry-config", credentials.toString(), "--untar", "-d", into.toString()).run();
        assertTrue(pull.succeeded(), pull.describe());
        Path generated = project.resolve("target/helm/" + CHART);
        Path pulled = into.resolve(CHART);
        // the chart's .helmignore keeps its helm-unittest suites out of the archive
        List<Path> packaged = files(generated).stream().filter(file -> !file.startsWith("tests")).toList();
        assertEquals(packaged, files(pulled), "the pulled chart has the generated chart's files");
        for (Path file : packaged) {
            String expected = Files.readString(generated.resolve(file.toString()));
            String actual = Files.readString(pulled.resolve(file.toString()));
            if (file.toString().equals("Chart.yaml")) {
                // helm package writes Chart.yaml again from its fields: the same fields, no comments
                assertEquals(yaml(expected), yaml(actual), "Chart.yaml came back with the generated fields");
            } else {
                assertEquals(expected, actual, file + " came back as it was generated");
            }
        }
    }

    @ParameterizedTest(name = "{0}: helm upgrade --install oci://... migrates and serves on the real node")
    @EnumSource(HelmCli.class)
    void theChartInstallsFromTheRegistry(HelmCli helm, LocalCluster cluster) throws SQLException {
        assertTrue(push.succeeded(), push.describe());
        String namespace = "oci-" + helm.name().toLowerCase();
        try {
            LaravelApp app = LaravelApp.in(cluster, namespace);
            Command.Result install = cluster.helm(helm, "upgrade", "--install", RELEASE, "oci://" + registry.host() + "/charts/" + CHART,
                    "--version", VERSION, "--plain-http", "--registry-config", credentials.toString(),
                    "-n", namespace, "--wait", "--timeout", "120s", "--set", "replicaCount=1",
                    "--set", "image.repository=" + IMAGE, "--set", "image.tag=" + VERSION);
            assertTrue(install.succeeded(), install.describe());
            assertEquals(List.of(USERS), app.appliedMigrations(), "the pulled chart's Job migrated");
            app.assertServes(VERSION, List.of(USERS), 1);
        } finally {
            cluster.kubectl("delete", "namespace", namespace, "--ignore-not-found", "--wait=false");
        }
    }

    @Test
    void wrongCredentialsFailNamingPushAndTheRegistrysAnswer() throws IOException {
        Path wrong = registry.registryConfig("wrong");
        Files.createDirectories(wrong.getParent());
        String auth = Base64.getEncoder().encodeToString((LocalRegistry.USER + ":not-the-password").getBytes(StandardCharsets.UTF_8));
        Files.writeString(wrong, "{\"auths\":{\"" + registry.host() + "\":{\"auth\":\"" + auth + "\"}}}\n");
        String address = "oci://" + registry.host() + "/charts";

        Command.Result result = packageAndPush(registry.helmConfigHome("wrong"), address, "-Dmigration.package.push.plainHttp=true");

        assertFalse(result.succeeded(), result.describe());
        assertPushFailure(result, address);
        assertTrue(result.stdout().contains("401") || result.stdout().toLowerCase().contains("unauthorized"),
                "the registry's answer is in the message:\n" + result.stdout());
        assertTrue(result.stdout().contains("Log in first with `helm registry login " + registry.host() + "`"), result.stdout());
    }

    @Test
    void aRefusedAddressFailsNamingPush() throws IOException {
        String address = "oci://127.0.0.1:" + LocalRegistry.freePort() + "/charts";   // nothing listens there

        Command.Result result = packageAndPush(helmHome, address, "-Dmigration.package.push.plainHttp=true");

        assertFalse(result.succeeded(), result.describe());
        assertPushFailure(result, address);
        assertTrue(result.stdout().contains("connection refused"), result.stdout());
    }

    /** The one-line failure of the goal: the setting, the archive, the registry's answer; no stack trace. */
    private static void assertPushFailure(Command.Result result, String address) {
        assertTrue(result.stdout().contains("<push> (-Dmigration.package.push) = \"" + address + "\": helm push of "
                + CHART + "-" + VERSION + ".tgz failed: "), result.stdout());
        assertFalse(result.stdout().contains("\tat io.github.migrationchart"), "no stack trace:\n" + result.stdout());
    }

    private static Object yaml(String text) {
        return new Yaml(new LoaderOptions()).load(text);
    }

}
