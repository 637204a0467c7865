package io.github.migrationchart.plugins.common;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.migrationchart.plugins.common.kube.KubeClient;
import io.github.migrationchart.plugins.common.kube.KubeException;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Watches the pods of a release's migration Job while {@code helm upgrade} waits for it, and ends
 * the Job as soon as its pod has been unable to start for a grace ({@link PodStart}: a refused
 * security context, a missing Secret, an image that cannot be pulled, no node). Such a pod is not a
 * failed pod, so without this Helm would wait for the Job's {@code activeDeadlineSeconds} and then
 * report {@code DeadlineExceeded} without a word of why.
 *
 * <p>It ends the Job by setting its {@code spec.activeDeadlineSeconds} (a mutable field) to 1: the
 * Job controller then fails it with {@code DeadlineExceeded} at once and deletes the pod, Helm's
 * hook wait returns, and the release is marked failed the normal way (no release left in
 * {@code pending-upgrade}). It remembers the kubelet's reason for the deploy's failure message.
 *
 * <p>It polls about once a second on a daemon thread, from {@link #start} to {@link #close}, and never
 * throws: when it cannot read the cluster, the deploy goes on as without it.
 */
final class MigrationPodWatcher implements AutoCloseable {
    static final Duration POLL = Duration.ofSeconds(1);
    /** What the Job's deadline is set to; the controller counts from the Job's start, so it is past at once. */
    static final long ENDING_DEADLINE_SECONDS = 1;

    private final KubeClient client;
    private final String namespace;
    private final String release;
    private final StuckPodDetector detector;
    private final Consumer<String> warn;
    private final Clock clock;
    private final ScheduledExecutorService executor;
    private volatile StartFailure failure;
    private volatile boolean ended;
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * Why the migration pod could not start, and what was done about it.
     *
     * @param pod      the pod's name
     * @param job      its Job, or null when it names none
     * @param blocked  the kubelet's (or scheduler's) reason and message
     * @param warnings the pod's Warning events that add to it ({@code Reason: message})
     * @param seconds  how long the pod was watched before its Job was ended
     * @param deadline the Job's activeDeadlineSeconds before, or null when unknown
     * @param notEnded why the Job could not be ended, or null when it was
     */
    record StartFailure(String pod, String job, PodStart.Blocked blocked, List<String> warnings, long seconds,
                        Long deadline, String notEnded) {
        StartFailure {
            warnings = List.copyOf(warnings);
        }

        /** The lines of the deploy's failure message about it. */
        String describe(String namespace, String kubeconfigOption) {
            StringBuilder out = new StringBuilder();
            out.append("The migration pod ").append(pod).append(" could not start: ").append(blocked);
            String deadlineText = deadline == null ? "its deadline" : "its deadline (activeDeadlineSeconds " + deadline + ")";
            if (notEnded == null) {
                out.append("\nmigration:deploy ended the Job ").append(job).append(" after ").append(seconds)
                        .append(" s instead of waiting for ").append(deadlineText).append('.');
            } else {
                out.append("\nmigration:deploy could not end the Job").append(job == null ? "" : " " + job).append(" (")
                        .append(notEnded).append("), so Helm waited for ").append(deadlineText).append('.');
            }
            if (!warnings.isEmpty()) {
                out.append("\nWarning events of the pod:");
                warnings.forEach(w -> out.append("\n  ").append(w));
            }
            out.append("\nFix: ").append(blocked.hint());
            if (job != null) {
                out.append("\nSee why with: kubectl describe job/").append(job).append(" -n ").append(namespace).append(kubeconfigOption);
            }
            out.append("\n").append(job == null ? "See why with: " : "         and: ")
                    .append("kubectl get events --field-selector involvedObject.name=").append(pod)
                    .append(" -n ").append(namespace).append(kubeconfigOption);
            return out.toString();
        }
    }

    private MigrationPodWatcher(KubeClient client, String namespace, String release, Duration grace,
                                Consumer<String> warn, Clock clock) {
        this.client = client;
        this.namespace = namespace;
        this.release = release;
        this.detector = new StuckPodDetector(grace);
        this.warn = warn;
        this.clock = clock;
        this.executor = client == null ? null : Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "migration-pod-watcher");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** A watcher that watches nothing, for a chart without a migration or a grace of 0. */
    static MigrationPodWatcher none() {
        return new MigrationPodWatcher(null, "", "", Duration.ZERO, message -> { }, Clock.systemUTC());
    }

    /**
     * Starts watching the release's migration pods. The pods that exist now belong to an earlier
     * release and are left alone. {@code warn} gets one line when the watcher ends a Job, or when it
     * cannot watch at all.
     */
    static MigrationPodWatcher start(Path kubeconfig, String namespace, String release, Duration grace, Consumer<String> warn) {
        KubeClient client;
        try {
            client = client(kubeconfig);
        } catch (KubeException e) {
            warn.accept(cannotWatch(e));
            return none();
        }
        return start(client, namespace, release, grace, POLL, warn, Clock.systemUTC());
    }

    /**
     * A client that fails fast: the first poll runs before Helm starts and must not hold the deploy
     * up, and a poll that fails is simply the next one's to try again, so no retries.
     */
    static KubeClient client(Path kubeconfig) throws KubeException {
        return KubeClient.connect(kubeconfig, Duration.ofSeconds(5), Duration.ofSeconds(10));
    }

    /** As above, with the client, the poll interval and the clock given (tests). */
    static MigrationPodWatcher start(KubeClient client, String namespace, String release, Duration grace,
                                     Duration poll, Consumer<String> warn, Clock clock) {
        MigrationPodWatcher watcher = new MigrationPodWatcher(client, namespace, release, grace, warn, clock);
        try {
            watcher.detector.ignore(watcher.pods().stream().map(pod -> pod.path("metadata").path("uid").asText()).toList());
        } catch (KubeException e) {
            warn.accept(cannotWatch(e));
            watcher.close();
            return none();
        }
        watcher.executor.scheduleWithFixedDelay(watcher::poll, poll.toMillis(), poll.toMillis(), TimeUnit.MILLISECONDS);
        return watcher;
    }

    /** Why the migration pod could not start, once the watcher has ended (or tried to end) its Job. */
    Optional<StartFailure> failure() {
        return Optional.ofNullable(failure);
    }

    /** Stops watching: waits for a poll under way (it may be ending a Job). */
    @Override
    public void close() {
        if (executor == null || !closed.compareAndSet(false, true)) {
            return;
        }
        executor.shutdown();
        try {
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private static String cannotWatch(Exception e) {
        return "Cannot watch the migration pod (" + MigrationJobLog.describe(e) + "): if it cannot start, Helm waits"
                + " for the Job's deadline.";
    }

    private List<JsonNode> pods() throws KubeException {
        return client.pods(namespace, MigrationJobLog.selector(release));
    }

    private List<PodStart.Event> events(String podName) throws KubeException {
        return client.events(namespace, podName).stream().map(PodStart.Event::of).toList();
    }

    private void poll() {
        if (ended) {
            return;
        }
        try {
            List<PodStart.State> states = new ArrayList<>();
            for (JsonNode pod : pods()) {
                PodStart.State state = PodStart.State.of(pod, List.of());
                // only an unschedulable pod needs its events, to tell whether an autoscaler brings a node
                states.add(state.unschedulable() == null ? state : PodStart.State.of(pod, events(state.pod())));
            }
            detector.observe(states, clock.instant()).ifPresent(this::end);
        } catch (KubeException e) {
            // a poll that fails is tried again a second later; Helm reports a cluster that went away
        } catch (RuntimeException e) {
            ended = true;
            warn.accept("Stopped watching the migration pod: " + e);
        }
    }

    private void end(StuckPodDetector.Stuck stuck) {
        ended = true;
        PodStart.State pod = stuck.pod();
        List<String> warnings;
        try {
            warnings = PodStart.warnings(events(pod.pod()), stuck.blocked());
        } catch (KubeException e) {
            warnings = List.of();
        }
        long seconds = Math.round(stuck.seen().toMillis() / 1000.0);
        Long deadline = null;
        String notEnded = pod.job() == null ? "the pod names no Job as its owner" : null;
        if (pod.job() != null) {
            try {
                JsonNode before = client.job(namespace, pod.job()).orElse(null);
                JsonNode activeDeadline = before == null ? null : before.path("spec").get("activeDeadlineSeconds");
                deadline = activeDeadline == null || !activeDeadline.isIntegralNumber() ? null : activeDeadline.asLong();
                // known before the patch: Helm may return as soon as the Job fails
                failure = new StartFailure(pod.pod(), pod.job(), stuck.blocked(), warnings, seconds, deadline, null);
                warn.accept("The migration pod " + pod.pod() + " cannot start (" + stuck.blocked() + "); ending the Job "
                        + pod.job() + " now instead of waiting for its deadline.");
                client.mergePatchJob(namespace, pod.job(), "{\"spec\":{\"activeDeadlineSeconds\":" + ENDING_DEADLINE_SECONDS + "}}");
            } catch (KubeException e) {
                notEnded = MigrationJobLog.describe(e);
            }
        }
        failure = new StartFailure(pod.pod(), pod.job(), stuck.blocked(), warnings, seconds, deadline, notEnded);
    }
}
