package io.github.migrationchart.plugins.common;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decides, observation after observation, when a migration pod has been unable to start for
 * longer than a grace. The grace lets a transient state pass (a Secret created a moment late, a
 * registry that answers on the kubelet's retry); a pod that starts, or leaves, starts the count
 * afresh. Pure: the caller passes the time, so tests need no clock and no cluster. Not thread-safe.
 */
final class StuckPodDetector {
    private final Duration grace;
    private final Set<String> ignored = new HashSet<>();
    private final Map<String, Instant> firstSeen = new HashMap<>();
    private final Map<String, Instant> blockedSince = new HashMap<>();

    /**
     * A pod that has not started for the grace.
     *
     * @param pod     its state at the last observation
     * @param blocked why it cannot start
     * @param seen    how long it has been observed, from the first observation of it
     */
    record Stuck(PodStart.State pod, PodStart.Blocked blocked, Duration seen) {}

    StuckPodDetector(Duration grace) {
        this.grace = grace;
    }

    /** Pods that existed before the release began (of an earlier Job): never reported. */
    void ignore(Collection<String> podUids) {
        ignored.addAll(podUids);
    }

    /** The pod (the first by name, if several) that has been unable to start for the grace, at {@code now}. */
    Optional<Stuck> observe(List<PodStart.State> pods, Instant now) {
        Set<String> present = new HashSet<>();
        Optional<Stuck> stuck = Optional.empty();
        for (PodStart.State pod : pods.stream().sorted(Comparator.comparing(PodStart.State::pod)).toList()) {
            if (ignored.contains(pod.uid())) {
                continue;
            }
            present.add(pod.uid());
            Instant first = firstSeen.computeIfAbsent(pod.uid(), uid -> now);
            Optional<PodStart.Blocked> blocked = PodStart.blocked(pod);
            if (blocked.isEmpty()) {
                blockedSince.remove(pod.uid());
                continue;
            }
            Instant since = blockedSince.computeIfAbsent(pod.uid(), uid -> now);
            if (stuck.isEmpty() && !now.isBefore(since.plus(grace))) {
                stuck = Optional.of(new Stuck(pod, blocked.get(), Duration.between(first, now)));
            }
        }
        firstSeen.keySet().retainAll(present);
        blockedSince.keySet().retainAll(present);
        return stuck;
    }
}
