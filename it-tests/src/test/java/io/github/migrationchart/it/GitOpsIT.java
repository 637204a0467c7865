package io.github.migrationchart.it;

import io.github.migrationchart.it.Tools.HelmCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
 * {@code helm template}, apply with {@code kubectl apply --server-side}, on the local API server.
 */
@ExtendWith(LocalCluster.class)
class GitOpsIT {

    private static Path chart() {
        return Charts.example("laravel-api").resolve("target/helm/api");
    }

    private static String render(String... sets) {
        return renderIn("gitops", sets);
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
        return (String) at(only(documents(manifests), "Job"), "metadata", "name");
    }

    /** The Job, the waiting Deployment and its RBAC in gitops mode, reviewed as golden files. */
    @Test
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
    }

    @Test
    void serverSideApplyCreatesOneJobPerChangeAndTheWaitCanReadIt(LocalCluster cluster) throws IOException {
        String namespace = cluster.restrictedNamespace("gitops");
        require(cluster.kubectl("create", "secret", "generic", "laravel-secrets", "-n", namespace, "--from-literal=DB_PASSWORD=x"));

        apply(cluster, namespace, render("image.tag=2.0.0"));
        apply(cluster, namespace, render("image.tag=2.0.0"));
        assertEquals(1, cluster.items(namespace, "jobs").size(), "re-applying the same render changes nothing");

        apply(cluster, namespace, render("image.tag=2.0.1"));
        List<Map<String, Object>> jobs = cluster.items(namespace, "jobs");
        assertEquals(2, jobs.size(), "one new Job for the new image");
        String newJob = jobName(render("image.tag=2.0.1"));
        assertTrue(jobs.stream().anyMatch(j -> newJob.equals(at(j, "metadata", "name"))));

        // The init container's own command, run with the rights of the application's ServiceAccount.
        String serviceAccount = "system:serviceaccount:" + namespace + ":api-migration-wait";
        Map<String, Object> deployment = only(documents(render("image.tag=2.0.1")), "Deployment");
        @SuppressWarnings("unchecked")
        List<String> waitArgs = (List<String>) at(deployment, "spec", "template", "spec", "initContainers", 1, "args");
        List<String> asServiceAccount = new ArrayList<>(waitArgs);
        asServiceAccount.set(asServiceAccount.size() - 1, "--timeout=60s");
        asServiceAccount.addAll(List.of("-n", namespace, "--as", serviceAccount));
        Command.Result wait = cluster.kubectl(asServiceAccount.toArray(String[]::new));
        assertTrue(wait.succeeded() && wait.stdout().contains("condition met"), wait.describe());

        assertEquals("yes", canI(cluster, namespace, serviceAccount, "watch", "jobs"));
        assertEquals("no", canI(cluster, namespace, serviceAccount, "delete", "jobs"));
        assertEquals("no", canI(cluster, namespace, serviceAccount, "get", "secrets"));
    }

    @Test
    void theWaitBlocksWhileTheMigrationFails(LocalCluster cluster) throws IOException {
        String namespace = cluster.restrictedNamespace("gitops-failing");
        require(cluster.kubectl("create", "secret", "generic", "laravel-secrets", "-n", namespace, "--from-literal=DB_PASSWORD=x"));
        String manifests = renderIn(namespace, "image.tag=3.0.0", "migration.backoffLimit=0",
                "string:migration.podAnnotations." + LocalCluster.FAIL_ANNOTATION.replace(".", "\\.") + "=true");
        apply(cluster, namespace, manifests);

        String serviceAccount = "system:serviceaccount:" + namespace + ":api-migration-wait";
        assertEquals("yes", canI(cluster, namespace, serviceAccount, "watch", "jobs"));
        Command.Result wait = cluster.kubectl("wait", "--for=condition=complete", "job/" + jobName(manifests),
                "--timeout=15s", "-n", namespace, "--as", serviceAccount);

        assertFalse(wait.succeeded(), "the application's init container keeps waiting:\n" + wait.describe());
        assertTrue(wait.stderr().contains("timed out"), "it waits rather than being refused:\n" + wait.describe());
        assertTrue(cluster.kubectl("wait", "--for=condition=failed", "job/" + jobName(manifests), "--timeout=60s",
                "-n", namespace).succeeded(), "the migration Job failed");
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
