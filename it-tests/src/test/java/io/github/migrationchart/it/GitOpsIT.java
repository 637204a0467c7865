package io.github.migrationchart.it;

import io.github.migrationchart.it.Tools.HelmCli;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import io.github.migrationchart.it.RealPods.ContainerRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.github.migrationchart.it.Charts.migrationJob;
import static io.github.migrationchart.it.Charts.at;
import static io.github.migrationchart.it.Charts.documents;
import static io.github.migrationchart.it.Charts.only;
import static io.github.migrationchart.it.LocalCluster.require;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * migration.mode=gitops and migration.wait, the way a GitOps tool uses the chart: render with
 * {@code helm template}, apply everything at once with {@code kubectl apply --server-side}, on the
 * real node: the wait-for-migration init container (the kubectl image) really waits for the Job
 * through the API server's Service, and the Laravel example's image migrates and serves. Runs
 * beside the other test classes, as ClusterScenariosIT does (its namespaces are its own, and it
 * only reads the example's chart); its own tests run one after another.
 */
@ExtendWith(LocalCluster.class)
@Execution(ExecutionMode.CONCURRENT)
class GitOpsIT {
    /**
     * The scenarios' namespaces go when each ends: their pods' requests would fill the two-CPU node.
     * (So the tests run one after another: {@code SAME_THREAD} on each, the class being concurrent.)
     */
    @AfterEach
    void deleteNamespaces(LocalCluster cluster) {
        for (String namespace : List.of("gitops", "gitops-failing", "gitops-ttl")) {
            cluster.kubectl("delete", "namespace", namespace, "--ignore-not-found", "--wait=false");
        }
    }

    /** The kubectl image that it-tests/images/build-images.sh builds. */
    private static final String KUBECTL_TAG = "v1.33.9";

    private static Path chart() {
        return Charts.example("laravel-api").resolve("target/helm/api");
    }

    private static String render(String... sets) {
        return renderIn("gitops", sets);
    }

    /** Rendered for the real node: the images that it-tests/images builds. */
    private static String renderForNode(String namespace, String tag, String... sets) {
        List<String> all = new ArrayList<>(List.of("image.repository=" + LaravelApp.IMAGE, "image.tag=" + tag,
                "migration.wait.image.repository=" + LocalCluster.IMAGES + "kubectl", "migration.wait.image.tag=" + KUBECTL_TAG));
        all.addAll(List.of(sets));
        return renderIn(namespace, all.toArray(String[]::new));
    }

    /** helm template as a GitOps tool runs it: the namespace matters, RoleBindings name it. */
    private static String renderIn(String namespace, String... sets) {
        List<String> arguments = new ArrayList<>(List.of("template", "api", chart().toString(), "-n", namespace,
                "--set", "migration.mode=gitops", "--set", "migration.wait.enabled=true"));
        for (String set : sets) {
            // "string:key=value" is a --set-string (annotation values must stay strings)
            arguments.add(set.startsWith("string:") ? "--set-string" : "--set");
            arguments.add(set.startsWith("string:") ? set.substring("string:".length()) : set);
        }
        Command.Result template = HelmCli.HELM4.command(arguments.toArray(String[]::new)).run();
        assertTrue(template.succeeded(), template.describe());
        return template.stdout();
    }

    private static String jobName(String manifests) {
        return (String) at(migrationJob(documents(manifests)), "metadata", "name");
    }

    /** The Job, the waiting Deployment and its RBAC in gitops mode, reviewed as golden files. */
    @Test
    @Execution(ExecutionMode.SAME_THREAD)
    void gitopsObjectsMatchTheReviewedGoldenFiles() throws IOException {
        for (String template : List.of("migration-job", "deployment", "migration-wait-rbac", "migration-configmap")) {
            Command.Result rendered = HelmCli.HELM4.command("template", "api", chart().toString(), "-n", "shop",
                    "--set", "migration.mode=gitops", "--set", "migration.wait.enabled=true",
                    "--show-only", "templates/" + template + ".yaml").run();
            assertTrue(rendered.succeeded(), rendered.describe());
            Path golden = Path.of("src/test/resources/golden/gitops", template + ".yaml");
            if (Boolean.getBoolean("golden.update")) {
                Files.writeString(golden, rendered.stdout());
            }
            assertEquals(Files.readString(golden), rendered.stdout(), template + " changed; review and run with -Dgolden.update=true");
        }
    }

    @Test
    @Execution(ExecutionMode.SAME_THREAD)
    void sameInputRendersTheSameBytesAndOnlyASpecChangeRenamesTheJob() {
        String first = render("image.tag=2.0.0");
        assertEquals(first, render("image.tag=2.0.0"), "two renders of the same input are identical");
        assertFalse(first.contains("helm.sh/hook"), "no Helm hook annotations in gitops mode");

        assertEquals(jobName(first), jobName(render("image.tag=2.0.0", "replicaCount=5")),
                "a change outside the Job keeps its name");
        assertNotEquals(jobName(first), jobName(render("image.tag=2.0.1")), "a new image renders a new Job");
        assertNotEquals(jobName(first), jobName(render("image.tag=2.0.0", "migration.args={php,artisan,migrate,--force,--step}")),
                "new args render a new Job");
        assertNotEquals(jobName(first), jobName(render("image.tag=2.0.0", "config.APP_ENV=staging")),
                "a change of the config the Job reads renders a new Job");
        assertNotEquals(jobName(first), jobName(render("image.tag=2.0.0", "migration.podFailurePolicy.rules=null")),
                "a change of the pod failure policy, which a Job cannot change either, renders a new Job");
    }

    @Test
    @Execution(ExecutionMode.SAME_THREAD)
    void serverSideApplyCreatesOneJobPerChangeAndTheAppWaitsForIt(LocalCluster cluster) throws Exception {
        LaravelApp app = LaravelApp.in(cluster, "gitops");
        String namespace = app.namespace();

        // Everything applied at once, as Argo CD without hooks would: the init containers wait.
        apply(cluster, namespace, renderForNode(namespace, "1.4.0"));
        apply(cluster, namespace, renderForNode(namespace, "1.4.0"));
        assertEquals(1, cluster.items(namespace, "jobs").size(), "re-applying the same render changes nothing");
        String firstJob = jobName(renderForNode(namespace, "1.4.0"));
        rolledOut(cluster, namespace);
        ContainerRun first = app.migrationRun("job-name=" + firstJob);
        assertEquals(0, first.exitCode(), first.toString());
        app.assertStartedAfter("1.4.0", first);
        app.assertServes("1.4.0", List.of(LaravelApp.USERS));

        apply(cluster, namespace, renderForNode(namespace, "1.5.0"));
        List<Map<String, Object>> jobs = cluster.items(namespace, "jobs");
        assertEquals(2, jobs.size(), "one new Job for the new image");
        String newJob = jobName(renderForNode(namespace, "1.5.0"));
        assertTrue(jobs.stream().anyMatch(j -> newJob.equals(at(j, "metadata", "name"))));
        rolledOut(cluster, namespace);
        ContainerRun second = app.migrationRun("job-name=" + newJob);
        app.assertStartedAfter("1.5.0", second);
        app.assertServes("1.5.0", List.of(LaravelApp.USERS, LaravelApp.PLAN));

        String serviceAccount = "system:serviceaccount:" + namespace + ":api-migration-wait";
        assertEquals("yes", canI(cluster, namespace, serviceAccount, "watch", "jobs"));
        assertEquals("no", canI(cluster, namespace, serviceAccount, "delete", "jobs"));
        assertEquals("no", canI(cluster, namespace, serviceAccount, "get", "secrets"));
    }

    @Test
    @Execution(ExecutionMode.SAME_THREAD)
    void noApplicationContainerStartsWhileTheMigrationFails(LocalCluster cluster) throws Exception {
        LaravelApp app = LaravelApp.in(cluster, "gitops-failing");
        String namespace = app.namespace();
        String manifests = renderForNode(namespace, "1.6.0", "migration.backoffLimit=0");
        apply(cluster, namespace, manifests);

        assertTrue(cluster.kubectl("wait", "--for=condition=failed", "job/" + jobName(manifests), "--timeout=90s",
                "-n", namespace).succeeded(), "the migration Job failed");
        ContainerRun migration = app.migrationRun();
        assertEquals(1, migration.exitCode(), migration.toString());
        LocalCluster.sleep(5000);

        List<Map<String, Object>> pods = app.appPods("1.6.0");
        assertEquals(2, pods.size(), pods.toString());
        for (Map<String, Object> pod : pods) {
            ContainerRun waitStep = RealPods.container(pod, "wait-for-migration");
            assertTrue(waitStep.ran() && (waitStep.finishedAt() == null || waitStep.exitCode() != 0),
                    "the real init container waits for the failed Job, or timed out waiting: " + waitStep);
            ContainerRun application = RealPods.container(pod, "api");
            assertFalse(application.ran(), "the application container never started: " + application);
        }
        assertEquals(List.of(LaravelApp.USERS, LaravelApp.PLAN), app.appliedMigrations(), "the broken migration rolled back");
    }

    @Test
    @Execution(ExecutionMode.SAME_THREAD)
    void finishedJobsGoAfterTheirTtlAndTheApplicationStillStarts(LocalCluster cluster) throws Exception {
        LaravelApp app = LaravelApp.in(cluster, "gitops-ttl");
        String namespace = app.namespace();
        String manifests = renderForNode(namespace, "1.4.0", "migration.gitops.ttlSecondsAfterFinished=5", "replicaCount=1");
        apply(cluster, namespace, manifests);
        rolledOut(cluster, namespace);
        String job = jobName(manifests);
        assertTrue(cluster.kubectl("wait", "--for=delete", "job/" + job, "--timeout=60s", "-n", namespace).succeeded(),
                "Kubernetes' TTL controller deleted the finished Job");

        // a pod re-created after that starts: there is no unfinished Job of its spec to wait for
        String old = (String) at(app.appPods("1.4.0").get(0), "metadata", "name");
        require(cluster.kubectl("delete", "pod", old, "-n", namespace, "--wait=true"));
        rolledOut(cluster, namespace);
        List<Map<String, Object>> pods = app.appPods("1.4.0");
        assertEquals(1, pods.size());
        assertEquals(0, RealPods.container(pods.get(0), "wait-for-migration").exitCode());
        app.assertServes("1.4.0", List.of(LaravelApp.USERS), 1);
    }

    /** The Deployment's new pods are all Ready (they wait for the Job first). */
    private static void rolledOut(LocalCluster cluster, String namespace) {
        require(cluster.kubectl("rollout", "status", "deployment/api", "-n", namespace, "--timeout=120s"));
    }

    private static void apply(LocalCluster cluster, String namespace, String manifests) throws IOException {
        Path file = Files.createTempFile("gitops-", ".yaml");
        try {
            Files.writeString(file, manifests);
            require(cluster.kubectl("apply", "--server-side", "--field-manager=gitops-test", "-n", namespace, "-f", file.toString()));
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static String canI(LocalCluster cluster, String namespace, String user, String verb, String resource) {
        return cluster.kubectl("auth", "can-i", verb, resource, "-n", namespace, "--as", user).stdout().strip();
    }
}
