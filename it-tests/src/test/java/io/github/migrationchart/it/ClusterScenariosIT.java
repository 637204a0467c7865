package io.github.migrationchart.it;

import io.github.migrationchart.it.Charts.GeneratedChart;
import io.github.migrationchart.it.Tools.HelmCli;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.github.migrationchart.it.Charts.at;
import static io.github.migrationchart.it.Charts.container;
import static io.github.migrationchart.it.LocalCluster.require;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The example chart installed and upgraded by the real Helm 3 and Helm 4 CLIs on a real API server
 * with the real Job and Deployment controllers (kwok plays the node: pods are not run, they succeed
 * or fail as told). Every scenario runs in a namespace with Pod Security "restricted" enforced, and
 * asserts on the cluster's objects and Helm's release status, not on exit codes alone.
 */
@ExtendWith(LocalCluster.class)
class ClusterScenariosIT {
    private static final String RELEASE = "api";
    private static final String JOB = "api-migration";
    private static final String IMAGE = "registry.example.com/trackxy/api";

    private static Path chart() {
        return Charts.example("laravel-api").resolve("target/helm/api");
    }

    /** A restricted namespace holding the Secret the chart references, as a user would create it. */
    private static String namespace(LocalCluster cluster, String scenario, HelmCli helm) {
        String namespace = cluster.restrictedNamespace(scenario + "-" + helm.name().toLowerCase());
        require(cluster.kubectl("create", "secret", "generic", "laravel-secrets", "-n", namespace,
                "--from-literal=DB_PASSWORD=not-a-real-password"));
        return namespace;
    }

    private static Command.Result upgradeInstall(LocalCluster cluster, HelmCli helm, String namespace, String... extra) {
        List<String> arguments = new java.util.ArrayList<>(List.of("upgrade", "--install", RELEASE, chart().toString(),
                "-n", namespace, "--wait", "--timeout", "90s"));
        arguments.addAll(List.of(extra));
        return cluster.helm(helm, arguments.toArray(String[]::new));
    }

    private static Instant time(Map<String, Object> object, Object... path) {
        return Instant.parse((String) at(object, path));
    }

    @SuppressWarnings("unchecked")
    private static String releaseStatus(LocalCluster cluster, HelmCli helm, String namespace) {
        Command.Result status = require(cluster.helm(helm, "status", RELEASE, "-n", namespace, "-o", "json"));
        return (String) at(new Yaml(new LoaderOptions()).load(status.stdout()), "info", "status");
    }

    private static List<Map<String, Object>> migrationPods(LocalCluster cluster, String namespace) {
        return cluster.items(namespace, "pods", "-l", "app.kubernetes.io/component=migration");
    }

    private static String deploymentImage(LocalCluster cluster, String namespace) {
        return (String) container(cluster.getJson("deployment", RELEASE, "-n", namespace), "image");
    }

    @ParameterizedTest(name = "{0}: install runs the migration Job to completion before the Deployment exists")
    @EnumSource(HelmCli.class)
    void installRunsTheMigrationFirst(HelmCli helm, LocalCluster cluster) {
        String namespace = namespace(cluster, "install", helm);

        Command.Result install = upgradeInstall(cluster, helm, namespace);

        assertTrue(install.succeeded(), install.describe());
        Map<String, Object> job = cluster.getJson("job", JOB, "-n", namespace);
        Map<String, Object> deployment = cluster.getJson("deployment", RELEASE, "-n", namespace);
        assertEquals(1, at(job, "status", "succeeded"));
        assertFalse(time(job, "status", "completionTime").isAfter(time(deployment, "metadata", "creationTimestamp")),
                "the Job completed before the Deployment was created");
        assertEquals(IMAGE + ":1.4.0", container(job, "image"));

        // envFrom: the hook copy of the ConfigMap existed before the Job, the Secret before the release
        Map<String, Object> configCopy = cluster.getJson("configmap", JOB, "-n", namespace);
        assertFalse(time(configCopy, "metadata", "creationTimestamp").isAfter(time(job, "metadata", "creationTimestamp")));
        assertEquals(List.of(Map.of("configMapRef", Map.of("name", JOB)), Map.of("secretRef", Map.of("name", "laravel-secrets"))),
                container(job, "envFrom"));
        assertTrue(cluster.kubectl("get", "secret", "laravel-secrets", "-n", namespace).succeeded());

        List<Map<String, Object>> pods = migrationPods(cluster, namespace);
        assertEquals(1, pods.size(), "one pod migrated (admitted under Pod Security restricted)");
        assertEquals("Succeeded", at(pods.get(0), "status", "phase"));
        assertEquals("deployed", releaseStatus(cluster, helm, namespace));
    }

    @ParameterizedTest(name = "{0}: an upgrade with a new image migrates with that image, then rolls out")
    @EnumSource(HelmCli.class)
    void upgradeMigratesWithTheNewImageFirst(HelmCli helm, LocalCluster cluster) {
        String namespace = namespace(cluster, "upgrade", helm);
        require(upgradeInstall(cluster, helm, namespace));

        Command.Result upgrade = upgradeInstall(cluster, helm, namespace, "--set", "image.tag=1.5.0");

        assertTrue(upgrade.succeeded(), upgrade.describe());
        Map<String, Object> job = cluster.getJson("job", JOB, "-n", namespace);
        assertEquals(IMAGE + ":1.5.0", container(job, "image"), "a new Job with the new image");
        assertEquals(1, at(job, "status", "succeeded"));
        assertEquals(IMAGE + ":1.5.0", deploymentImage(cluster, namespace));
        Map<String, Object> newReplicaSet = cluster.items(namespace, "replicasets").stream()
                .filter(rs -> (IMAGE + ":1.5.0").equals(container(rs, "image"))).findFirst().orElseThrow();
        assertFalse(time(job, "status", "completionTime").isAfter(time(newReplicaSet, "metadata", "creationTimestamp")),
                "the new pods were created only after the migration completed");
        assertEquals("deployed", releaseStatus(cluster, helm, namespace));
    }

    @ParameterizedTest(name = "{0}: a failing migration stops the rollout, keeps its log, and the fix goes through")
    @EnumSource(HelmCli.class)
    void failingMigrationStopsTheRollout(HelmCli helm, LocalCluster cluster) {
        String namespace = namespace(cluster, "failing", helm);
        require(upgradeInstall(cluster, helm, namespace));

        Command.Result broken = upgradeInstall(cluster, helm, namespace, "--set", "image.tag=1.5.0",
                "--set-string", "migration.podAnnotations." + LocalCluster.FAIL_ANNOTATION.replace(".", "\\.") + "=true",
                "--set", "migration.backoffLimit=0");

        assertFalse(broken.succeeded(), broken.describe());
        String error = broken.stdout() + broken.stderr();
        assertTrue(error.contains("pre-upgrade") && error.contains(JOB), "Helm names the failed hook Job:\n" + error);
        assertEquals(IMAGE + ":1.4.0", deploymentImage(cluster, namespace), "the Deployment keeps the previous image");
        List<Map<String, Object>> pods = migrationPods(cluster, namespace);
        assertTrue(pods.stream().anyMatch(p -> "Failed".equals(at(p, "status", "phase"))
                && (IMAGE + ":1.5.0").equals(at(p, "spec", "containers", 0, "image"))), "the failed pod is kept: " + pods);
        Command.Result log = cluster.kubectl("logs", "job/" + JOB, "-n", namespace);
        assertTrue(log.succeeded() && !log.stdout().isBlank(), "the failed pod's log is readable:\n" + log.describe());
        assertEquals("failed", releaseStatus(cluster, helm, namespace));

        Command.Result fixed = upgradeInstall(cluster, helm, namespace, "--set", "image.tag=1.5.1");

        assertTrue(fixed.succeeded(), fixed.describe());
        assertFalse((fixed.stdout() + fixed.stderr()).contains("already exists"), fixed.describe());
        assertEquals("deployed", releaseStatus(cluster, helm, namespace));
        assertEquals(IMAGE + ":1.5.1", deploymentImage(cluster, namespace));
        assertEquals(1, at(cluster.getJson("job", JOB, "-n", namespace), "status", "succeeded"));
    }

    @ParameterizedTest(name = "{0}: --set migration.enabled=false installs without a Job")
    @EnumSource(HelmCli.class)
    void migrationCanBeSwitchedOff(HelmCli helm, LocalCluster cluster) {
        String namespace = namespace(cluster, "disabled", helm);

        Command.Result install = upgradeInstall(cluster, helm, namespace, "--set", "migration.enabled=false");

        assertTrue(install.succeeded(), install.describe());
        assertEquals(List.of(), cluster.items(namespace, "jobs"));
        assertEquals(IMAGE + ":1.4.0", deploymentImage(cluster, namespace));
        assertEquals("deployed", releaseStatus(cluster, helm, namespace));
    }

    static Stream<GeneratedChart> everyChart() throws IOException {
        return KubeScoreIT.charts();
    }

    @ParameterizedTest(name = "server-side dry run of every manifest: {0}")
    @MethodSource("everyChart")
    void everyManifestPassesServerSideValidation(GeneratedChart chart, LocalCluster cluster) throws IOException {
        String namespace = "dry-run";
        if (!cluster.kubectl("get", "namespace", namespace).succeeded()) {
            cluster.restrictedNamespace(namespace);
        }
        Command.Result template = HelmCli.HELM4.command("template", "demo", chart.directory().toString(), "-n", namespace).run();
        assertTrue(template.succeeded(), template.describe());
        Path manifests = Files.createTempFile("manifests-", ".yaml");
        try {
            Files.writeString(manifests, template.stdout());
            Command.Result dryRun = cluster.kubectl("apply", "--dry-run=server", "-n", namespace, "-f", manifests.toString());

            assertTrue(dryRun.succeeded(), dryRun.describe());
            boolean migrates = Boolean.TRUE.equals(at(Charts.yamlFile(chart.directory().resolve("values.yaml")), "migration", "enabled"));
            assertEquals(migrates, dryRun.stdout().contains("job.batch/demo-"), dryRun.stdout());
            assertTrue(dryRun.stdout().contains("deployment.apps/demo-"), dryRun.stdout());
            assertFalse(dryRun.stderr().contains("violate PodSecurity"), "restricted admits every pod:\n" + dryRun.stderr());
        } finally {
            Files.deleteIfExists(manifests);
        }
    }
}
