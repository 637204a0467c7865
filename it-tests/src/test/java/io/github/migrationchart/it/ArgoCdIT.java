package io.github.migrationchart.it;

import io.github.migrationchart.it.RealPods.ContainerRun;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static io.github.migrationchart.it.Charts.at;
import static io.github.migrationchart.it.LaravelApp.IMAGE;
import static io.github.migrationchart.it.LaravelApp.PLAN;
import static io.github.migrationchart.it.LaravelApp.USERS;
import static io.github.migrationchart.it.LocalCluster.require;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Laravel example's chart in gitops mode, synced by a real Argo CD ({@link LocalArgoCd}) from
 * the OCI registry {@code migration:package} pushed it to, on the real node: the first sync runs
 * the migration Job (a PreSync hook) before the Deployment exists; a new image renders a Job of a
 * new name that migrates again; a failing migration leaves the sync failed and the old pods
 * serving (the first three steps build on each other, in order). In the Sync phase, the Job reads a
 * Secret that the same application creates, and the Job of an earlier spec is pruned.
 */
@ExtendWith(LocalCluster.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ArgoCdIT {
    private static final String APP = "api";
    private static final String NAMESPACE = "argocd-api";
    private static final String MIGRATION = "app.kubernetes.io/component=migration";
    private static final String SYNC_APP = "api-sync";
    private static final String SYNC_NAMESPACE = "argocd-api-sync";

    private static LocalRegistry registry;
    private static LocalArgoCd argo;
    private static LaravelApp app;
    private static Path work;

    @BeforeAll
    static void startArgoCdWithTheChartInTheRegistry(LocalCluster cluster) throws IOException, SQLException {
        registry = LocalRegistry.start();
        work = Files.createTempDirectory("argocd-it-");
        Path helmHome = registry.login("login");
        require(FixtureBuilds.maven(FixtureBuilds.copyExample("laravel-api", work),
                Map.of("HELM_CONFIG_HOME", helmHome.toString()), "migration:package",
                "-Dmigration.package.push=oci://" + registry.host() + "/charts", "-Dmigration.package.push.plainHttp=true"));
        argo = LocalArgoCd.start(cluster, registry);
        app = LaravelApp.in(cluster, NAMESPACE);
    }

    @AfterAll
    static void stop(LocalCluster cluster) throws IOException {
        cluster.kubectl("delete", "application", APP, SYNC_APP, "-n", LocalArgoCd.NAMESPACE, "--ignore-not-found", "--wait=false");
        cluster.kubectl("delete", "namespace", NAMESPACE, SYNC_NAMESPACE, "--ignore-not-found", "--wait=false");
        if (argo != null) {
            argo.close();
        }
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    @Order(1)
    void theFirstSyncMigratesBeforeTheDeploymentExists(LocalCluster cluster) throws IOException, SQLException {
        argo.apply(application(APP, NAMESPACE, "PreSync", "", "{}"));

        Map<String, Object> operation = awaitSync(cluster, null);

        assertEquals("Succeeded", at(operation, "phase"), operation + "\n" + argo.log("application-controller"));
        List<Map<String, Object>> jobs = cluster.items(NAMESPACE, "jobs", "-l", MIGRATION);
        assertEquals(1, jobs.size(), "one migration Job: " + jobs);
        Instant migrated = Instant.parse((String) at(jobs.get(0), "status", "completionTime"));
        assertEquals(List.of(USERS), app.appliedMigrations());
        awaitRollout(cluster);
        app.assertServes("1.4.0", List.of(USERS), 1);
        for (Map<String, Object> pod : cluster.items(NAMESPACE, "pods", "-l", "app.kubernetes.io/component=app")) {
            ContainerRun run = Objects.requireNonNull(RealPods.container(pod, "api"), "api container of " + pod);
            assertTrue(run.ran() && !run.startedAt().isBefore(migrated), "the application started (" + run.startedAt()
                    + ") after the migration completed (" + migrated + ")");
        }
    }

    @Test
    @Order(2)
    void aNewImageRendersANewJobThatMigratesAgain(LocalCluster cluster) throws SQLException {
        String before = jobNames(cluster).get(0);
        Map<String, Object> previous = operationState(cluster, APP);

        setTag(cluster, "1.5.0");
        Map<String, Object> operation = awaitSync(cluster, previous);

        assertEquals("Succeeded", at(operation, "phase"), operation + "\n" + argo.log("application-controller"));
        List<String> jobs = jobNames(cluster);
        assertTrue(jobs.contains(before) && jobs.size() == 2, "the PreSync Job of 1.4.0 stays, 1.5.0's is new: " + jobs);
        assertNotEquals(before, jobs.stream().filter(name -> !name.equals(before)).findFirst().orElseThrow());
        assertEquals(List.of(USERS, PLAN), app.appliedMigrations());
        awaitRollout(cluster);
        app.assertServes("1.5.0", List.of(USERS, PLAN), 1);
    }

    @Test
    @Order(3)
    void aFailingMigrationLeavesTheSyncFailedAndTheOldPodsServing(LocalCluster cluster) throws SQLException {
        Map<String, Object> previous = operationState(cluster, APP);

        setTag(cluster, "1.6.0");
        Map<String, Object> operation = awaitSync(cluster, previous);

        assertTrue(List.of("Failed", "Error").contains(at(operation, "phase")), "the sync failed: " + operation);
        assertEquals(1, ((Number) at(operation, "retryCount")).intValue(), "after the one retry allowed: " + operation);
        assertEquals(List.of(USERS, PLAN), app.appliedMigrations(), "1.6.0's broken migration rolled back");
        app.assertServes("1.5.0", List.of(USERS, PLAN), 1);
        Map<String, Object> deployment = cluster.getJson("deployment", "-n", NAMESPACE, "-l", "app.kubernetes.io/component=app");
        assertTrue(String.valueOf(deployment).contains("laravel-api:1.5.0"), "the Deployment was not changed: " + deployment);
    }

    @Test
    @Order(4)
    @SuppressWarnings("unchecked")
    void inTheSyncPhaseTheJobReadsASecretOfTheSameApplicationAndOldJobsArePruned(LocalCluster cluster)
            throws IOException, SQLException {
        LaravelApp synced = LaravelApp.in(cluster, SYNC_NAMESPACE);
        // The application's own Secret: given to Argo CD with the chart (extraObjects, sync wave 0)
        // instead of existing before the sync.
        Map<String, Object> data = (Map<String, Object>) cluster.getJson("secret", "laravel-secrets", "-n", SYNC_NAMESPACE).get("data");
        require(cluster.kubectl("delete", "secret", "laravel-secrets", "-n", SYNC_NAMESPACE));
        StringBuilder secret = new StringBuilder();
        data.forEach((key, value) -> secret.append("      ").append(key).append(": ").append(value).append('\n'));
        String extraObjects = """
                extraObjects:
                  - apiVersion: v1
                    kind: Secret
                    metadata:
                      name: laravel-secrets
                    data:
                """ + secret;
        argo.apply(application(SYNC_APP, SYNC_NAMESPACE, "Sync", extraObjects, "\n      prune: true"));

        Map<String, Object> first = awaitSync(cluster, SYNC_APP, null);

        assertEquals("Succeeded", at(first, "phase"), first + "\n" + argo.log("application-controller"));
        assertEquals(List.of(USERS), synced.appliedMigrations(), "the Job found the Secret created in the same sync");
        List<String> before = jobNames(cluster, SYNC_NAMESPACE);
        assertEquals(1, before.size(), "one Job: " + before);

        require(cluster.kubectl("patch", "application", SYNC_APP, "-n", LocalArgoCd.NAMESPACE, "--type", "merge", "-p",
                "{\"spec\":{\"source\":{\"helm\":{\"valuesObject\":{\"image\":{\"tag\":\"1.5.0\"}}}}}}"));
        Map<String, Object> second = awaitSync(cluster, SYNC_APP, first);

        assertEquals("Succeeded", at(second, "phase"), second + "\n" + argo.log("application-controller"));
        assertEquals(List.of(USERS, PLAN), synced.appliedMigrations());
        List<String> after = awaitJobs(cluster, SYNC_NAMESPACE, 1);
        assertTrue(!after.contains(before.get(0)), "1.4.0's Job was pruned with the old manifest, 1.5.0's stays: " + after);
        awaitRollout(cluster, SYNC_NAMESPACE);
        synced.assertServes("1.5.0", List.of(USERS, PLAN), 1);
    }

    /**
     * An Application of the pushed chart in gitops mode, synced automatically into {@code namespace}.
     *
     * @param extraValues more of the chart's values, as YAML at the top level of the values
     * @param automated   the value of {@code syncPolicy.automated}, continued on its own lines
     */
    private static String application(String name, String namespace, String phase, String extraValues, String automated) {
        String values = """
                migration:
                  mode: gitops
                  gitops:
                    phase: %s
                replicaCount: 1
                image:
                  repository: %s
                  tag: "1.4.0"
                %s""".formatted(phase, IMAGE, extraValues);
        return """
                apiVersion: argoproj.io/v1alpha1
                kind: Application
                metadata:
                  name: %s
                  namespace: argocd
                spec:
                  project: default
                  source:
                    repoURL: %s/charts
                    chart: api
                    targetRevision: 1.4.0
                    helm:
                      releaseName: api
                      valuesObject:
                %s
                  destination:
                    server: https://kubernetes.default.svc
                    namespace: %s
                  syncPolicy:
                    automated: %s
                    # Argo CD retries a failed automated sync (5 times unless told), and each retry
                    # replaces the failed hook Job: the broken migration runs again every time
                    retry:
                      limit: 1
                """.formatted(name, registry.host(), values.indent(8).stripTrailing(), namespace, automated);
    }

    /** The migration Jobs of {@code namespace} once there are {@code count} of them (pruning takes a moment). */
    private static List<String> awaitJobs(LocalCluster cluster, String namespace, int count) {
        List<String> jobs = jobNames(cluster, namespace);
        for (int i = 0; i < 120 && jobs.size() != count; i++) {
            LocalCluster.sleep(500);
            jobs = jobNames(cluster, namespace);
        }
        return jobs;
    }

    /** Argo CD's sync ends once the objects are applied; the new pods may still be starting. */
    private static void awaitRollout(LocalCluster cluster) {
        awaitRollout(cluster, NAMESPACE);
    }

    private static void awaitRollout(LocalCluster cluster, String namespace) {
        require(cluster.kubectl("rollout", "status", "deployment/api", "-n", namespace, "--timeout=120s"));
    }

    private static void setTag(LocalCluster cluster, String tag) {
        require(cluster.kubectl("patch", "application", APP, "-n", LocalArgoCd.NAMESPACE, "--type", "merge", "-p",
                "{\"spec\":{\"source\":{\"helm\":{\"valuesObject\":{\"image\":{\"tag\":\"" + tag + "\"}}}}}}"));
    }

    private static List<String> jobNames(LocalCluster cluster) {
        return jobNames(cluster, NAMESPACE);
    }

    private static List<String> jobNames(LocalCluster cluster, String namespace) {
        return cluster.items(namespace, "jobs", "-l", MIGRATION).stream()
                .map(job -> (String) at(job, "metadata", "name")).sorted().toList();
    }

    /** The Application's last sync operation; null before the controller has started one. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> operationState(LocalCluster cluster, String name) {
        Map<String, Object> application = cluster.getJson("application", name, "-n", LocalArgoCd.NAMESPACE);
        Map<String, Object> status = (Map<String, Object>) application.get("status");
        return status == null ? null : (Map<String, Object>) status.get("operationState");
    }

    /** The state of the first sync operation after {@code previous} once it has ended (4 minutes at most). */
    private static Map<String, Object> awaitSync(LocalCluster cluster, Map<String, Object> previous) {
        return awaitSync(cluster, APP, previous);
    }

    private static Map<String, Object> awaitSync(LocalCluster cluster, String name, Map<String, Object> previous) {
        Object previousStart = previous == null ? null : previous.get("startedAt");
        Map<String, Object> state = null;
        for (int i = 0; i < 480; i++) {
            state = operationState(cluster, name);
            if (state != null && !Objects.equals(state.get("startedAt"), previousStart)
                    && List.of("Succeeded", "Failed", "Error").contains(state.get("phase"))) {
                return state;
            }
            LocalCluster.sleep(500);
        }
        throw new AssertionError("no sync ended within 4 minutes: " + state + "\n--- controller ---\n"
                + argo.log("application-controller") + "\n--- repo server ---\n" + argo.log("repo-server"));
    }
}
