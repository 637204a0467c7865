package io.github.migrationchart.it;

import io.github.migrationchart.it.RealPods.ContainerRun;
import io.github.migrationchart.it.Tools.HelmCli;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

import static io.github.migrationchart.it.Charts.at;
import static io.github.migrationchart.it.LaravelApp.IMAGE;
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
 * The Laravel example's chart with what a production service adds, installed by Helm 4 on the
 * real node in namespaces with Pod Security "restricted" enforced, migrating the cluster's real
 * PostgreSQL: a native-sidecar database proxy in the migration pod (the db-proxy image, a
 * stand-in for Cloud SQL Auth Proxy: a real TCP forwarder, it-tests/images/README.md); and
 * images pinned by digest with an Ingress, an HTTPRoute (validated against the Gateway API CRD of
 * it-tests/tools/install-gateway-api.sh), an autoscaler and ServiceAccounts of their own, over an
 * install and an upgrade.
 */
@ExtendWith(LocalCluster.class)
class ProductionChartIT {

    private static Path valuesFile(String yaml) throws IOException {
        Path file = Files.createTempFile("values-", ".yaml");
        Files.writeString(file, yaml);
        file.toFile().deleteOnExit();
        return file;
    }

    private static Command.Result upgradeInstall(LocalCluster cluster, LaravelApp app, Path values) {
        return upgradeInstall(cluster, HelmCli.HELM4, app, values);
    }

    private static Command.Result upgradeInstall(LocalCluster cluster, HelmCli helm, LaravelApp app, Path values) {
        return cluster.helm(helm, "upgrade", "--install", RELEASE, LaravelApp.chart().toString(),
                "-n", app.namespace(), "--wait", "--timeout", "180s", "-f", values.toString());
    }

    private static Map<String, Object> migrationPod(LocalCluster cluster, String namespace) {
        List<Map<String, Object>> pods = cluster.items(namespace, "pods", "-l", "app.kubernetes.io/component=migration");
        assertEquals(1, pods.size(), pods.toString());
        return pods.get(0);
    }

    @SuppressWarnings("unchecked")
    private static String imageId(Map<String, Object> pod, String container) {
        for (Map<String, Object> status : (List<Map<String, Object>>) at(pod, "status", "containerStatuses")) {
            if (container.equals(status.get("name"))) {
                return (String) status.get("imageID");
            }
        }
        throw new AssertionError("no container " + container + " in " + pod);
    }

    private static <T> T eventually(String what, Supplier<T> probe, Predicate<T> done) {
        T last = null;
        for (int i = 0; i < 600; i++) {
            last = probe.get();
            if (done.test(last)) {
                return last;
            }
            LocalCluster.sleep(200);
        }
        throw new AssertionError(what + " did not happen in 120 s; last: " + last);
    }

    /**
     * Each scenario's namespace goes when it ends: the single real node has two CPUs, and the
     * requests of pods left running would keep later scenarios' pods Pending.
     */
    @AfterEach
    void deleteNamespaces(LocalCluster cluster) {
        for (String namespace : List.of("sidecar-proxy", "production", "evicted-helm3", "evicted-helm4", "evicted-no-policy")) {
            cluster.kubectl("delete", "namespace", namespace, "--ignore-not-found", "--wait=false");
        }
    }

    /**
     * Installs with a migration that sleeps 15 s before it migrates (and ends at once on SIGTERM),
     * evicts its pod through the Eviction API while it sleeps, as a node drain does, and returns
     * Helm's result and the evicted pod's name.
     */
    private static Map.Entry<Command.Result, String> installAndEvict(LocalCluster cluster, HelmCli helmCli, LaravelApp app,
                                                                     String rules) throws Exception {
        Path values = valuesFile("""
                image: {repository: %s, tag: "1.4.0"}
                replicaCount: 1
                migration:
                  backoffLimit: 0
                  command: [sh, -c]
                  args: ["trap 'exit 143' TERM; sleep 15 & wait $!; exec php artisan migrate --force"]
                  podFailurePolicy:
                    rules: %s
                """.formatted(IMAGE, rules));
        CompletableFuture<Command.Result> helm = CompletableFuture.supplyAsync(() -> upgradeInstall(cluster, helmCli, app, values));
        Map<String, Object> running = eventually("a running migration container",
                () -> cluster.items(app.namespace(), "pods", "-l", "app.kubernetes.io/component=migration").stream()
                        .filter(pod -> RealPods.container(pod, "migration").ran()).findFirst().orElse(null),
                pod -> pod != null);
        String name = (String) at(running, "metadata", "name");
        Path eviction = valuesFile("{\"apiVersion\": \"policy/v1\", \"kind\": \"Eviction\", \"metadata\": {\"name\": \""
                + name + "\", \"namespace\": \"" + app.namespace() + "\"}}");
        require(cluster.kubectl("create", "--raw", "/api/v1/namespaces/" + app.namespace() + "/pods/" + name + "/eviction",
                "-f", eviction.toString()));
        return Map.entry(helm.get(4, TimeUnit.MINUTES), name);
    }

    @ParameterizedTest(name = "{0}: a migration pod evicted by a drain is retried without counting against backoffLimit")
    @EnumSource(HelmCli.class)
    void aMigrationPodEvictedByADrainIsRetriedWithoutCountingAgainstTheBackoffLimit(HelmCli helm, LocalCluster cluster)
            throws Exception {
        // the chart's default policy: the disruption does not count, the next pod migrates
        LaravelApp app = LaravelApp.in(cluster, "evicted-" + helm.name().toLowerCase());
        Map.Entry<Command.Result, String> evicted = installAndEvict(cluster, helm, app,
                "[{action: Ignore, onPodConditions: [{type: DisruptionTarget}]}]");

        assertTrue(evicted.getKey().succeeded(), "backoffLimit 0, and still the release went on:\n" + evicted.getKey().describe());
        Map<String, Object> pod = migrationPod(cluster, app.namespace());
        assertFalse(evicted.getValue().equals(at(pod, "metadata", "name")), "a new pod ran the migration");
        assertEquals(0, RealPods.container(pod, "migration").exitCode());
        assertEquals(List.of(USERS), app.appliedMigrations());
        Map<String, Object> job = cluster.getJson("job", JOB, "-n", app.namespace());
        assertEquals(1, at(job, "status", "succeeded"), String.valueOf(at(job, "status")));
        assertEquals(null, at(job, "status", "failed"), "the evicted pod was not counted as a failure: " + at(job, "status"));

        if (helm != HelmCli.HELM4) {
            return;
        }
        // the same eviction without a policy: it counts as the one failure backoffLimit 0 allows
        LaravelApp unprotected = LaravelApp.in(cluster, "evicted-no-policy");
        Map.Entry<Command.Result, String> counted = installAndEvict(cluster, helm, unprotected, "[]");

        assertFalse(counted.getKey().succeeded(), "without the policy the drain fails the release:\n" + counted.getKey().describe());
        Map<String, Object> failedJob = cluster.getJson("job", JOB, "-n", unprotected.namespace());
        assertEquals(1, at(failedJob, "status", "failed"), String.valueOf(at(failedJob, "status")));
        assertFalse(unprotected.tableExists("migrations"), "nothing migrated");
    }

    @Test
    void aNativeSidecarDatabaseProxyServesTheMigrationAndStopsWithIt(LocalCluster cluster) throws Exception {
        LaravelApp app = LaravelApp.in(cluster, "sidecar-proxy");
        LocalPostgres db = cluster.postgres();
        // The Job reaches PostgreSQL only through the proxy on 127.0.0.1: DB_HOST and DB_PORT of
        // migration.env win over the Secret's, which name the real server.
        Path values = valuesFile("""
                image: {repository: %s, tag: "1.4.0"}
                replicaCount: 1
                migration:
                  env:
                    - {name: DB_HOST, value: "127.0.0.1"}
                    - {name: DB_PORT, value: "5432"}
                  sidecars:
                    - name: db-proxy
                      image: %sdb-proxy:1
                      imagePullPolicy: IfNotPresent
                      env:
                        - {name: UPSTREAM_HOST, value: "%s"}
                        - {name: UPSTREAM_PORT, value: "%s"}
                        - {name: HEALTH_PORT, value: "9090"}
                      startupProbe:
                        httpGet: {path: /startup, port: 9090}
                        periodSeconds: 1
                        failureThreshold: 30
                      resources:
                        requests: {cpu: 10m, memory: 32Mi}
                        limits: {cpu: 200m, memory: 64Mi}
                """.formatted(IMAGE, LocalCluster.IMAGES, db.podHost(), db.port()));

        Command.Result install = upgradeInstall(cluster, app, values);

        assertTrue(install.succeeded(), install.describe());
        Map<String, Object> pod = migrationPod(cluster, app.namespace());
        assertEquals("Always", at(pod, "spec", "initContainers", 0, "restartPolicy"), "a native sidecar");
        assertEquals(false, at(pod, "spec", "initContainers", 0, "securityContext", "allowPrivilegeEscalation"),
                "the restricted minimum, which the sidecar did not set itself");
        ContainerRun migration = RealPods.container(pod, "migration");
        ContainerRun proxy = RealPods.container(pod, "db-proxy");
        assertEquals(0, migration.exitCode(), migration.toString());
        assertTrue(proxy.startedAt() != null && !proxy.startedAt().isAfter(migration.startedAt()),
                "the proxy ran before the migration started: " + proxy + " / " + migration);
        assertEquals(0, proxy.exitCode(), "the kubelet stopped the proxy once the migration exited, and it exited cleanly: " + proxy);
        assertFalse(proxy.finishedAt().isBefore(migration.finishedAt()), proxy + " / " + migration);
        assertEquals(List.of(USERS), app.appliedMigrations(), "the migration reached the database through the proxy");
        String proxyLog = require(cluster.kubectl("logs", (String) at(pod, "metadata", "name"), "-c", "db-proxy",
                "-n", app.namespace())).stdout();
        assertTrue(proxyLog.contains("forwarding to " + db.podHost() + ":" + db.port()) && proxyLog.contains("connection 1 from"),
                "the proxy forwarded the migration's connection to PostgreSQL:\n" + proxyLog);
        Map<String, Object> job = cluster.getJson("job", JOB, "-n", app.namespace());
        assertEquals(1, at(job, "status", "succeeded"), "the Job completed: " + at(job, "status"));
        List<Map<String, Object>> appPods = cluster.items(app.namespace(), "pods", "-l", "app.kubernetes.io/component=app");
        assertEquals(1, appPods.size());
        HttpResponse<String> answer = RealPods.get(appPods.get(0), PORT, "/");
        assertEquals(200, answer.statusCode(), answer.body());
    }

    @Test
    void aDigestPinnedExposedAutoscaledReleaseWithItsOwnAccountsInstallsAndUpgrades(LocalCluster cluster) throws Exception {
        LaravelApp app = LaravelApp.in(cluster, "production");
        String ns = app.namespace();
        String first = LocalCluster.imageDigest("laravel-api:1.4.0");
        String second = LocalCluster.imageDigest("laravel-api:1.5.0");
        String features = """
                serviceAccount:
                  create: true
                  annotations: {eks.amazonaws.com/role-arn: "arn:aws:iam::111122223333:role/api"}
                ingress:
                  enabled: true
                  hosts:
                    - host: api.example.test
                      paths: [{path: /, pathType: Prefix}]
                autoscaling: {enabled: true, minReplicas: 2, maxReplicas: 4}
                httpRoute:
                  enabled: true
                  parentRefs: [{name: edge, namespace: gateways}]
                  hostnames: [api.example.test]
                replicaCount: 1
                migration:
                  podLabels: {azure.workload.identity/use: "true"}
                  serviceAccount:
                    create: true
                    annotations: {iam.gke.io/gcp-service-account: "migrator@project.iam.gserviceaccount.com"}
                """;

        // The API server validates the HTTPRoute against the Gateway API's own CRD (no gateway serves it here).
        Path crd = Tools.cache().resolve("tools/gateway-api-v1.6.3/httproutes.yaml");
        require(cluster.kubectl("apply", "--server-side", "-f", crd.toString()));
        // polled, not kubectl wait: until the API server writes the CRD's first status, kubectl 1.33's
        // wait fails on the missing conditions instead of waiting for them
        eventually("the HTTPRoute CRD established", () -> cluster.getJson("crd", "httproutes.gateway.networking.k8s.io"),
                definition -> at(definition, "status", "conditions") instanceof List<?> conditions && conditions.stream()
                        .anyMatch(c -> c instanceof Map<?, ?> m && "Established".equals(m.get("type")) && "True".equals(m.get("status"))));

        // 1. install 1.4.0 by digest
        Command.Result install = upgradeInstall(cluster, app, valuesFile("image: {repository: %s, tag: \"1.4.0\", digest: \"%s\"}\n"
                .formatted(IMAGE, first) + features));

        assertTrue(install.succeeded(), install.describe());
        Map<String, Object> job = migrationPod(cluster, ns);
        assertEquals(IMAGE + "@" + first, at(job, "spec", "containers", 0, "image"));
        assertTrue(imageId(job, "migration").endsWith(first), "the node ran exactly that image: " + imageId(job, "migration"));
        assertEquals("api-migration", at(job, "spec", "serviceAccountName"), "the Job's own account, a hook made before it");
        assertEquals("true", at(job, "metadata", "labels", "azure.workload.identity/use"));
        assertEquals(0, RealPods.container(job, "migration").exitCode());
        assertEquals(List.of(USERS), app.appliedMigrations());
        Map<String, Object> jobAccount = cluster.getJson("serviceaccount", "api-migration", "-n", ns);
        assertEquals("migrator@project.iam.gserviceaccount.com", at(jobAccount, "metadata", "annotations", "iam.gke.io/gcp-service-account"));
        assertEquals("arn:aws:iam::111122223333:role/api",
                at(cluster.getJson("serviceaccount", "api", "-n", ns), "metadata", "annotations", "eks.amazonaws.com/role-arn"));
        Map<String, Object> ingress = cluster.getJson("ingress", "api", "-n", ns);
        assertEquals("api", at(ingress, "spec", "rules", 0, "http", "paths", 0, "backend", "service", "name"));
        Map<String, Object> route = cluster.getJson("httproute", "api", "-n", ns);
        assertEquals("api", at(route, "spec", "rules", 0, "backendRefs", 0, "name"));
        assertEquals("edge", at(route, "spec", "parentRefs", 0, "name"));
        Map<String, Object> hpa = cluster.getJson("hpa", "api", "-n", ns);
        assertEquals("api", at(hpa, "spec", "scaleTargetRef", "name"));
        assertTrue(cluster.kubectl("get", "pdb", "api", "-n", ns).succeeded(), "an autoscaled Deployment that can grow has a budget");

        // the autoscaler, not the chart, owns the replica count: it raises one to its minimum of two
        List<Map<String, Object>> pods = eventually("two ready application pods of 1.4.0",
                () -> cluster.items(ns, "pods", "-l", "app.kubernetes.io/component=app").stream()
                        .filter(pod -> at(pod, "metadata", "deletionTimestamp") == null)
                        .filter(pod -> RealPods.readySince(pod).isPresent()).toList(),
                ready -> ready.size() == 2);
        for (Map<String, Object> pod : pods) {
            assertEquals(IMAGE + "@" + first, at(pod, "spec", "containers", 0, "image"));
            assertEquals("api", at(pod, "spec", "serviceAccountName"));
            HttpResponse<String> answer = RealPods.get(pod, PORT, "/");
            assertEquals(200, answer.statusCode(), answer.body());
            assertEquals("1.4.0", ((Map<?, ?>) new Yaml(new LoaderOptions()).load(answer.body())).get("version"));
        }

        // 2. upgrade to 1.5.0 by digest: the hook account is made again before the new Job, which migrates
        Command.Result upgrade = upgradeInstall(cluster, app, valuesFile("image: {repository: %s, tag: \"1.5.0\", digest: \"%s\"}\n"
                .formatted(IMAGE, second) + features));

        assertTrue(upgrade.succeeded(), upgrade.describe());
        assertFalse((upgrade.stdout() + upgrade.stderr()).contains("already exists"), upgrade.describe());
        Map<String, Object> secondJob = migrationPod(cluster, ns);
        assertEquals(IMAGE + "@" + second, at(secondJob, "spec", "containers", 0, "image"));
        assertEquals(0, RealPods.container(secondJob, "migration").exitCode());
        assertEquals(List.of(USERS, PLAN), app.appliedMigrations());
        eventually("two ready application pods of 1.5.0, by digest",
                () -> cluster.items(ns, "pods", "-l", "app.kubernetes.io/component=app").stream()
                        .filter(pod -> at(pod, "metadata", "deletionTimestamp") == null)
                        .filter(pod -> (IMAGE + "@" + second).equals(at(pod, "spec", "containers", 0, "image")))
                        .filter(pod -> RealPods.readySince(pod).isPresent()).toList(),
                ready -> ready.size() == 2);
        assertEquals("2", String.valueOf(at(cluster.getJson("deployment", "api", "-n", ns), "spec", "replicas")),
                "the upgrade left the autoscaler's count alone");
    }
}
