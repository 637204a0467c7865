package io.github.migrationchart.plugins.common;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.migrationchart.plugins.common.kube.KubeClient;
import io.github.migrationchart.plugins.common.kube.KubeException;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What a failed release's migration left behind: the Job and the log of its latest pod, read from
 * the Kubernetes API with the same kubeconfig as Helm (the chart keeps a failed Job and its pod:
 * its hook delete policy never includes {@code hook-failed}).
 */
final class MigrationJobLog {
    static final int TAIL_LINES = 200;
    private static final String CONTAINER = "migration";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private MigrationJobLog() {}

    /**
     * The migration Job of a release that did not succeed.
     *
     * @param job    the Job's name, or null when the Kubernetes API could not be asked
     * @param pod    its latest pod, or null when it has none
     * @param log    the last {@value #TAIL_LINES} lines of that pod's log, or why they cannot be read
     */
    record Report(String job, String pod, String log) {}

    /** Label selector of the release's migration Job and pod. */
    static String selector(String release) {
        return "app.kubernetes.io/instance=" + release + ",app.kubernetes.io/component=migration";
    }

    /** The unfinished or failed migration Job of the release, if any; never throws. */
    static Optional<Report> find(Path kubeconfig, String namespace, String release) {
        try {
            KubeClient client = KubeClient.connect(kubeconfig, TIMEOUT, TIMEOUT);
            Optional<JsonNode> job = client.jobs(namespace, selector(release)).stream()
                    .filter(j -> j.path("status").path("succeeded").asInt(0) == 0)
                    .max(Comparator.comparing(MigrationJobLog::created));
            if (job.isEmpty()) {
                return Optional.empty();
            }
            String jobName = job.get().path("metadata").path("name").asText();
            Optional<JsonNode> pod = client.pods(namespace, podSelector(job.get())).stream()
                    .max(Comparator.comparing(MigrationJobLog::created));
            if (pod.isEmpty()) {
                return Optional.of(new Report(jobName, null, "(the Job has no pod: see `kubectl describe job/" + jobName
                        + " -n " + namespace + "` for why, e.g. a missing ServiceAccount or a refused security context)"));
            }
            String podName = pod.get().path("metadata").path("name").asText();
            return Optional.of(new Report(jobName, podName, log(client, namespace, pod.get())));
        } catch (KubeException e) {
            return Optional.of(new Report(null, null,
                    "(cannot read the migration Job from the Kubernetes API: " + describe(e) + ")"));
        }
    }

    /** The Job's pod selector (its matchLabels; {@code job-name} for a Job that has none). */
    private static String podSelector(JsonNode job) {
        Map<String, String> labels = new TreeMap<>();
        job.path("spec").path("selector").path("matchLabels").properties()
                .forEach(label -> labels.put(label.getKey(), label.getValue().asText()));
        if (labels.isEmpty()) {
            labels.put("job-name", job.path("metadata").path("name").asText());
        }
        return labels.entrySet().stream().map(label -> label.getKey() + "=" + label.getValue()).collect(Collectors.joining(","));
    }

    private static String created(JsonNode object) {
        return object.path("metadata").path("creationTimestamp").asText("");
    }

    private static String log(KubeClient client, String namespace, JsonNode pod) {
        boolean hasMigrationContainer = false;
        for (JsonNode container : pod.path("spec").path("containers")) {
            hasMigrationContainer |= CONTAINER.equals(container.path("name").asText());
        }
        try {
            String log = client.log(namespace, pod.path("metadata").path("name").asText(),
                    hasMigrationContainer ? CONTAINER : null, TAIL_LINES);
            return log == null || log.isBlank() ? "(the log is empty)" : log;
        } catch (KubeException e) {
            return "(cannot read the log: " + describe(e) + ")";
        }
    }

    /** The exception's message and that of its root cause (a connection's, a TLS handshake's), when it adds one. */
    static String describe(Exception e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e || root.getMessage() == null || String.valueOf(e.getMessage()).contains(root.getMessage())
                ? String.valueOf(e.getMessage())
                : e.getMessage() + " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
    }
}
