package io.github.migrationchart.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.github.migrationchart.it.Charts.at;

/**
 * What the kubelet of the real node reports about containers that really ran: start and finish
 * times, exit codes, the reason a container could not start, and HTTP answers of pods.
 */
final class RealPods {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    private RealPods() {}

    /** One container's last state, as its pod status tells it. */
    record ContainerRun(String pod, String container, Instant startedAt, Instant finishedAt, Integer exitCode,
                        String waitingReason, String waitingMessage) {
        boolean ran() {
            return startedAt != null;
        }
    }

    /** The state of a container (or init container) of a pod. */
    @SuppressWarnings("unchecked")
    static ContainerRun container(Map<String, Object> pod, String name) {
        String podName = (String) at(pod, "metadata", "name");
        Map<String, Object> status = (Map<String, Object>) pod.get("status");
        for (String list : List.of("initContainerStatuses", "containerStatuses")) {
            for (Map<String, Object> container : (List<Map<String, Object>>) status.getOrDefault(list, List.of())) {
                if (name.equals(container.get("name"))) {
                    Map<String, Object> state = (Map<String, Object>) container.get("state");
                    Map<String, Object> terminated = (Map<String, Object>) state.get("terminated");
                    Map<String, Object> running = (Map<String, Object>) state.get("running");
                    Map<String, Object> waiting = (Map<String, Object>) state.get("waiting");
                    if (terminated != null) {
                        return new ContainerRun(podName, name, instant(terminated.get("startedAt")),
                                instant(terminated.get("finishedAt")), (Integer) terminated.get("exitCode"), null, null);
                    }
                    if (running != null) {
                        return new ContainerRun(podName, name, instant(running.get("startedAt")), null, null, null, null);
                    }
                    return new ContainerRun(podName, name, null, null, null,
                            waiting == null ? null : (String) waiting.get("reason"),
                            waiting == null ? null : (String) waiting.get("message"));
                }
            }
        }
        return new ContainerRun(podName, name, null, null, null, null, null);
    }

    /** When the pod last became Ready, if it is. */
    @SuppressWarnings("unchecked")
    static Optional<Instant> readySince(Map<String, Object> pod) {
        // a pod the scheduler has not seen yet has no conditions at all
        Map<String, Object> status = (Map<String, Object>) pod.getOrDefault("status", Map.of());
        for (Map<String, Object> condition : (List<Map<String, Object>>) status.getOrDefault("conditions", List.of())) {
            if ("Ready".equals(condition.get("type")) && "True".equals(condition.get("status"))) {
                return Optional.of(instant(condition.get("lastTransitionTime")));
            }
        }
        return Optional.empty();
    }

    static String ip(Map<String, Object> pod) {
        return (String) at(pod, "status", "podIP");
    }

    /** The node a pod runs on. */
    static String node(Map<String, Object> pod) {
        return (String) at(pod, "spec", "nodeName");
    }

    /** GET http://podIP:port/path from this machine (the pod network is the node's bridge). */
    static HttpResponse<String> get(Map<String, Object> pod, int port, String path) {
        URI uri = URI.create("http://" + ip(pod) + ":" + port + path);
        try {
            return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("GET " + uri + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static Instant instant(Object value) {
        return value == null ? null : Instant.parse((String) value);
    }
}
