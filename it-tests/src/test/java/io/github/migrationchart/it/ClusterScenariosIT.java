package io.github.migrationchart.it;

import io.github.migrationchart.it.Charts.GeneratedChart;
import io.github.migrationchart.it.RealPods.ContainerRun;
import io.github.migrationchart.it.Tools.HelmCli;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.github.migrationchart.it.Charts.at;
import static io.github.migrationchart.it.Charts.container;
import static io.github.migrationchart.it.LaravelApp.IMAGE;
import static io.github.migrationchart.it.LaravelApp.INVOICES;
import static io.github.migrationchart.it.LaravelApp.JOB;
import static io.github.migrationchart.it.LaravelApp.PLAN;
import static io.github.migrationchart.it.LaravelApp.PORT;
import static io.github.migrationchart.it.LaravelApp.RELEASE;
import static io.github.migrationchart.it.LaravelApp.USERS;
import static io.github.migrationchart.it.LocalCluster.require;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Laravel example's chart installed, upgraded, broken and fixed by the real Helm 3 and Helm 4
 * on the real node: the migration is {@code php artisan migrate --force} (the image's artisan
 * stand-in, see it-tests/images/README.md) against the cluster's PostgreSQL, the application is
 * PHP serving HTTP from the migrated database. Every scenario runs in a namespace with Pod
 * Security "restricted" enforced and asserts on the database, on the containers' real start and
 * exit times and on HTTP answers, not on exit codes alone.
 */
@ExtendWith(LocalCluster.class)
class ClusterScenariosIT {
    /**
     * The namespaces of the scenarios go when each ends: the single real node has two CPUs, and
     * the requests of the pods they leave running would keep later scenarios' pods Pending.
     */
    @AfterEach
    void deleteNamespaces(LocalCluster cluster) {
        for (HelmCli helm : HelmCli.values()) {
            for (String scenario : List.of("releases-", "disabled-", "rollback-")) {
                cluster.kubectl("delete", "namespace", scenario + helm.name().toLowerCase(), "--ignore-not-found", "--wait=false");
            }
        }
    }

    private static Command.Result upgradeInstall(LocalCluster cluster, HelmCli helm, LaravelApp app, String tag,
                                                 String... extra) {
        List<String> arguments = new ArrayList<>(List.of("upgrade", "--install", RELEASE, LaravelApp.chart().toString(),
                "-n", app.namespace(), "--wait", "--timeout", "120s",
                "--set", "image.repository=" + IMAGE, "--set", "image.tag=" + tag));
        arguments.addAll(List.of(extra));
        return cluster.helm(helm, arguments.toArray(String[]::new));
    }

    @SuppressWarnings("unchecked")
    private static String releaseStatus(LocalCluster cluster, HelmCli helm, LaravelApp app) {
        Command.Result status = require(cluster.helm(helm, "status", RELEASE, "-n", app.namespace(), "-o", "json"));
        return (String) at(new Yaml(new LoaderOptions()).load(status.stdout()), "info", "status");
    }

    @ParameterizedTest(name = "{0}: install, upgrade, a failing migration and its fix, on the real node")
    @EnumSource(HelmCli.class)
    void releasesMigrateBeforeTheirPodsStart(HelmCli helm, LocalCluster cluster) throws SQLException {
        LaravelApp app = LaravelApp.in(cluster, "releases-" + helm.name().toLowerCase());
        String ns = app.namespace();

        // 1. fresh install: the Job migrates, then the pods start and serve the migrated schema
        Command.Result install = upgradeInstall(cluster, helm, app, "1.4.0");

        assertTrue(install.succeeded(), install.describe());
        ContainerRun first = app.migrationRun();
        assertEquals(0, first.exitCode(), first.toString());
        assertEquals(List.of(USERS), app.appliedMigrations());
        assertTrue(app.tableExists("users"));
        app.assertStartedAfter("1.4.0", first);
        app.assertServes("1.4.0", List.of(USERS));
        Command.Result log = require(cluster.kubectl("logs", "job/" + JOB, "-n", ns));
        assertTrue(log.stdout().contains("Migrated:  " + USERS), log.stdout());
        assertEquals("deployed", releaseStatus(cluster, helm, app));

        // 2. upgrade with a new migration: new schema version first, then new pods
        Command.Result upgrade = upgradeInstall(cluster, helm, app, "1.5.0");

        assertTrue(upgrade.succeeded(), upgrade.describe());
        ContainerRun second = app.migrationRun();
        assertEquals(0, second.exitCode(), second.toString());
        assertTrue(second.startedAt().isAfter(first.finishedAt()), "a new migration pod ran: " + second);
        assertEquals(List.of(USERS, PLAN), app.appliedMigrations());
        app.assertStartedAfter("1.5.0", second);
        app.assertServes("1.5.0", List.of(USERS, PLAN));

        // 3. a failing migration: the release fails, the old pods keep serving, the log says why
        Command.Result broken = upgradeInstall(cluster, helm, app, "1.6.0", "--set", "migration.backoffLimit=0");

        assertFalse(broken.succeeded(), broken.describe());
        String helmOutput = broken.stdout() + broken.stderr();
        assertTrue(helmOutput.contains("pre-upgrade") && helmOutput.contains(JOB), "Helm names the failed hook Job:\n" + helmOutput);
        String postgresError = "relation \"customers\" does not exist";
        if (helm == HelmCli.HELM4) {
            // Helm 4 logs the hook's output as one quoted string: its quotes come escaped.
            assertTrue(helmOutput.contains("Migrating: " + INVOICES) && helmOutput.contains("customers")
                    && helmOutput.contains("does not exist"), "Helm 4 prints the failed hook's log:\n" + helmOutput);
        }
        ContainerRun failed = app.migrationRun();
        assertEquals(1, failed.exitCode(), "artisan exited 1: " + failed);
        Command.Result failedLog = require(cluster.kubectl("logs", "job/" + JOB, "-n", ns));
        assertTrue(failedLog.stdout().contains(postgresError), "PostgreSQL's error is in the Job's log:\n" + failedLog.describe());
        assertEquals("failed", releaseStatus(cluster, helm, app));
        assertEquals(List.of(USERS, PLAN), app.appliedMigrations(), "the failed migration rolled back");
        assertFalse(app.tableExists("invoices"));
        assertEquals(IMAGE + ":1.5.0", container(cluster.getJson("deployment", RELEASE, "-n", ns), "image"));
        app.assertServes("1.5.0", List.of(USERS, PLAN));

        // 4. the fix goes through: no "already exists", the new schema, the new pods
        Command.Result fixed = upgradeInstall(cluster, helm, app, "1.6.1");

        assertTrue(fixed.succeeded(), fixed.describe());
        assertFalse((fixed.stdout() + fixed.stderr()).contains("already exists"), fixed.describe());
        ContainerRun fix = app.migrationRun();
        assertEquals(0, fix.exitCode(), fix.toString());
        assertEquals(List.of(USERS, PLAN, INVOICES), app.appliedMigrations());
        app.assertStartedAfter("1.6.1", fix);
        app.assertServes("1.6.1", List.of(USERS, PLAN, INVOICES));
        assertEquals("deployed", releaseStatus(cluster, helm, app));
    }

    @ParameterizedTest(name = "{0}: rollback runs no migration, and the old code serves the expanded schema")
    @EnumSource(HelmCli.class)
    void rollbackRunsNoMigrationAndTheOldCodeServesTheNewSchema(HelmCli helm, LocalCluster cluster) throws SQLException {
        LaravelApp app = LaravelApp.in(cluster, "rollback-" + helm.name().toLowerCase());
        assertTrue(upgradeInstall(cluster, helm, app, "1.4.0").succeeded());
        Command.Result upgrade = upgradeInstall(cluster, helm, app, "1.5.0");
        assertTrue(upgrade.succeeded(), upgrade.describe());
        ContainerRun expand = app.migrationRun();
        assertEquals(List.of(USERS, PLAN), app.appliedMigrations());

        Command.Result rollback = cluster.helm(helm, "rollback", RELEASE, "1", "-n", app.namespace(), "--wait", "--timeout", "120s");

        assertTrue(rollback.succeeded(), rollback.describe());
        ContainerRun after = app.migrationRun();
        assertEquals(expand.pod(), after.pod(), "no migration ran on rollback: the Job is a pre-install,pre-upgrade hook");
        assertEquals(expand.startedAt(), after.startedAt());
        assertEquals(List.of(USERS, PLAN), app.appliedMigrations(), "the schema stays ahead of the code");
        app.assertServes("1.4.0", List.of(USERS, PLAN));
        assertEquals("deployed", releaseStatus(cluster, helm, app));
    }

    @ParameterizedTest(name = "{0}: --set migration.enabled=false installs without a Job, and nothing migrates")
    @EnumSource(HelmCli.class)
    void migrationCanBeSwitchedOff(HelmCli helm, LocalCluster cluster) throws SQLException {
        LaravelApp app = LaravelApp.in(cluster, "disabled-" + helm.name().toLowerCase());

        Command.Result install = upgradeInstall(cluster, helm, app, "1.4.0", "--set", "migration.enabled=false");

        assertTrue(install.succeeded(), install.describe());
        assertEquals(List.of(), cluster.items(app.namespace(), "jobs"));
        assertFalse(app.tableExists("migrations"), "no migration ran");
        List<Map<String, Object>> pods = app.appPods("1.4.0");
        assertEquals(2, pods.size());
        for (Map<String, Object> pod : pods) {
            HttpResponse<String> answer = RealPods.get(pod, PORT, "/");
            assertEquals(503, answer.statusCode(), "the application runs, on an unmigrated database: " + answer.body());
            assertTrue(answer.body().contains("relation \\\"migrations\\\" does not exist"), answer.body());
        }
        assertEquals("deployed", releaseStatus(cluster, helm, app));
    }

    static Stream<GeneratedChart> everyChart() throws IOException {
        return KubeScoreIT.charts();
    }

    /** The API server's own validation; no pod runs, so no node is involved. */
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
