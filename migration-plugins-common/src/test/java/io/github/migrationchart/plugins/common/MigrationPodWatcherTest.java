package io.github.migrationchart.plugins.common;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.migrationchart.plugins.common.kube.KubeClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The watcher against a small fake Kubernetes API (the JDK's HTTP server): which requests it makes,
 * with the selector of the release's migration pods, and the patch that ends the Job.
 */
class MigrationPodWatcherTest {
    private static final String SELECTOR = "app.kubernetes.io/instance=api,app.kubernetes.io/component=migration";
    private static final String MESSAGE = PodStartTest.NON_NUMERIC
            + " (pod: \\\"api-migration-x7k2p_shop(u-1)\\\", container: migration)";
    private static final String STUCK_POD = """
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"api-migration-x7k2p","namespace":"shop","uid":"u-1",
             "labels":{"app.kubernetes.io/instance":"api","app.kubernetes.io/component":"migration"},
             "ownerReferences":[{"apiVersion":"batch/v1","kind":"Job","name":"api-migration","uid":"j-1","controller":true}]},
             "spec":{"containers":[{"name":"migration","image":"liquibase/liquibase:4.31"}]},
             "status":{"phase":"Pending","containerStatuses":[{"name":"migration","ready":false,"restartCount":0,
              "image":"liquibase/liquibase:4.31","imageID":"",
              "state":{"waiting":{"reason":"CreateContainerConfigError","message":"%s"}}}]}}""".formatted(MESSAGE);
    private static final String OLD_POD = """
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"api-migration-old00","namespace":"shop","uid":"u-0",
             "ownerReferences":[{"apiVersion":"batch/v1","kind":"Job","name":"api-migration","uid":"j-0"}]},
             "status":{"phase":"Pending","containerStatuses":[{"name":"migration","ready":false,"restartCount":0,"image":"x","imageID":"",
              "state":{"waiting":{"reason":"ErrImagePull","message":"from an earlier release"}}}]}}""";
    private static final String EVENTS = """
            {"apiVersion":"v1","kind":"EventList","metadata":{},"items":[
             {"metadata":{"name":"e1","namespace":"shop"},"type":"Normal","reason":"Scheduled","message":"Successfully assigned",
              "involvedObject":{"kind":"Pod","name":"api-migration-x7k2p"},"lastTimestamp":"2026-12-01T10:00:00Z"},
             {"metadata":{"name":"e2","namespace":"shop"},"type":"Warning","reason":"Failed","message":"Error: %s",
              "involvedObject":{"kind":"Pod","name":"api-migration-x7k2p"},"lastTimestamp":"2026-12-01T10:00:01Z"}]}""".formatted(MESSAGE);
    private static final String JOB = """
            {"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"api-migration","namespace":"shop","uid":"j-1"},
             "spec":{"activeDeadlineSeconds":270,"template":{"spec":{"containers":[{"name":"migration","image":"x"}],"restartPolicy":"Never"}}}}""";

    record Request(String method, String path, String query, String contentType, String body) {}

    private HttpServer server;
    private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger podLists = new AtomicInteger();
    private volatile int patchStatus = 200;
    private final List<String> warnings = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::answer);
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String query = exchange.getRequestURI().getRawQuery() == null ? "" : URLDecoder.decode(exchange.getRequestURI().getRawQuery(), StandardCharsets.UTF_8);
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        requests.add(new Request(method, path, query, exchange.getRequestHeaders().getFirst("Content-Type"), body));
        int status = 200;
        String response;
        if (method.equals("GET") && path.equals("/api/v1/namespaces/shop/pods")) {
            // the first list is taken before Helm starts: only a pod of an earlier release exists then
            response = podList(podLists.getAndIncrement() == 0 ? List.of(OLD_POD) : List.of(OLD_POD, STUCK_POD));
        } else if (method.equals("GET") && path.equals("/api/v1/namespaces/shop/events")) {
            response = EVENTS;
        } else if (method.equals("GET") && path.equals("/apis/batch/v1/namespaces/shop/jobs/api-migration")) {
            response = JOB;
        } else if (method.equals("PATCH") && path.equals("/apis/batch/v1/namespaces/shop/jobs/api-migration")) {
            status = patchStatus;
            response = status == 200 ? JOB.replace("270", "1")
                    : "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"Forbidden\",\"code\":403,"
                    + "\"message\":\"jobs.batch \\\"api-migration\\\" is forbidden: User \\\"ci\\\" cannot patch resource \\\"jobs\\\"\"}";
        } else {
            status = 404;
            response = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"code\":404}";
        }
        byte[] bytes = response.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private static String podList(List<String> pods) {
        return "{\"apiVersion\":\"v1\",\"kind\":\"PodList\",\"metadata\":{\"resourceVersion\":\"1\"},\"items\":["
                + String.join(",", pods) + "]}";
    }

    private Path kubeconfig(Path dir, int port) throws IOException {
        Path file = dir.resolve("kubeconfig");
        Files.writeString(file, """
                apiVersion: v1
                kind: Config
                clusters:
                  - name: fake
                    cluster:
                      server: http://127.0.0.1:%d
                users:
                  - name: fake
                    user:
                      token: not-a-secret
                contexts:
                  - name: fake
                    context:
                      cluster: fake
                      user: fake
                current-context: fake
                """.formatted(port));
        return file;
    }

    private MigrationPodWatcher.StartFailure watchUntilEnded(Path dir) throws Exception {
        KubeClient client = MigrationPodWatcher.client(kubeconfig(dir, server.getAddress().getPort()));
        MigrationPodWatcher watcher = MigrationPodWatcher.start(client, "shop", "api", Duration.ofMillis(300),
                Duration.ofMillis(50), warnings::add, Clock.systemUTC());
        try {
            long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (watcher.failure().isEmpty() || watcher.failure().get().notEnded() == null && patches().isEmpty()) {
                assertTrue(System.nanoTime() < until, "no verdict; requests: " + requests);
                Thread.sleep(20);
            }
        } finally {
            watcher.close();
        }
        return watcher.failure().orElseThrow();
    }

    private List<Request> patches() {
        synchronized (requests) {
            return requests.stream().filter(r -> r.method().equals("PATCH")).toList();
        }
    }

    @Test
    void endsTheJobOfAPodThatCannotStartAndRemembersWhy(@TempDir Path dir) throws Exception {
        MigrationPodWatcher.StartFailure failure = watchUntilEnded(dir);

        assertEquals("api-migration-x7k2p", failure.pod(), "not the pod of the earlier release");
        assertEquals("api-migration", failure.job());
        assertEquals(new PodStart.Blocked("CreateContainerConfigError", PodStartTest.NON_NUMERIC), failure.blocked());
        assertEquals(List.of(), failure.warnings(), "the Warning event only repeats the kubelet's message");
        assertEquals(270L, failure.deadline());
        assertNull(failure.notEnded());

        List<Request> patches = patches();
        assertEquals(1, patches.size(), requests.toString());
        assertEquals("/apis/batch/v1/namespaces/shop/jobs/api-migration", patches.get(0).path());
        assertEquals("application/merge-patch+json", patches.get(0).contentType());
        assertEquals("{\"spec\":{\"activeDeadlineSeconds\":1}}", patches.get(0).body());
        synchronized (requests) {
            assertTrue(requests.stream().filter(r -> r.path().endsWith("/pods"))
                    .allMatch(r -> r.query().contains("labelSelector=" + SELECTOR)), requests.toString());
            assertTrue(requests.stream().anyMatch(r -> r.path().endsWith("/events")
                    && r.query().contains("fieldSelector=involvedObject.name=api-migration-x7k2p")), requests.toString());
        }
        assertEquals(List.of("The migration pod api-migration-x7k2p cannot start (CreateContainerConfigError: "
                + PodStartTest.NON_NUMERIC + "); ending the Job api-migration now instead of waiting for its deadline."), warnings);
    }

    @Test
    void saysSoWhenTheJobCannotBeEnded(@TempDir Path dir) throws Exception {
        patchStatus = 403;

        MigrationPodWatcher.StartFailure failure = watchUntilEnded(dir);

        assertTrue(failure.notEnded().contains("cannot patch resource"), failure.notEnded());
        assertTrue(failure.describe("shop", "").contains("migration:deploy could not end the Job api-migration ("),
                failure.describe("shop", ""));
    }

    @Test
    void anUnreachableClusterOnlyWarns(@TempDir Path dir) throws Exception {
        int port = server.getAddress().getPort();
        server.stop(0);

        MigrationPodWatcher watcher = MigrationPodWatcher.start(kubeconfig(dir, port), "shop", "api", Duration.ofSeconds(5), warnings::add);
        watcher.close();

        assertTrue(watcher.failure().isEmpty());
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).startsWith("Cannot watch the migration pod ("), warnings.get(0));
        assertTrue(warnings.get(0).endsWith("): if it cannot start, Helm waits for the Job's deadline."), warnings.get(0));
    }

    @Test
    void describesTheFailureForTheDeployMessage() {
        MigrationPodWatcher.StartFailure failure = new MigrationPodWatcher.StartFailure("api-migration-x7k2p", "api-migration",
                new PodStart.Blocked("CreateContainerConfigError", PodStartTest.NON_NUMERIC),
                List.of("FailedMount: MountVolume.SetUp failed"), 6, 270L, null);

        assertEquals("""
                The migration pod api-migration-x7k2p could not start: CreateContainerConfigError: container has runAsNonRoot and image has non-numeric user (liquibase), cannot verify user is non-root
                migration:deploy ended the Job api-migration after 6 s instead of waiting for its deadline (activeDeadlineSeconds 270).
                Warning events of the pod:
                  FailedMount: MountVolume.SetUp failed
                Fix: the image's USER is a name or root, which the kubelet cannot check against runAsNonRoot: true. Set <migration><runAsUser> (and <migration><runAsGroup>) in the POM to the uid (and gid) of the image's user (docker run --rm --entrypoint id <image> prints them), or deploy with migration.podSecurityContext.runAsUser (and .runAsGroup).
                See why with: kubectl describe job/api-migration -n shop --kubeconfig /k
                         and: kubectl get events --field-selector involvedObject.name=api-migration-x7k2p -n shop --kubeconfig /k""",
                failure.describe("shop", " --kubeconfig /k"));
    }
}
