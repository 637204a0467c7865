package io.github.migrationchart.plugins.common;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Whether a migration pod will ever start, decided from what the kubelet and the scheduler wrote
 * into it. A pod that cannot start is not a failed pod: the Job's {@code backoffLimit} never ends
 * it, only its {@code activeDeadlineSeconds} does, minutes later and without a log. The decision is
 * a pure function of a {@link State}, a small record built from the pod and its events.
 */
final class PodStart {
    /** Waiting reasons of a container that does not start until someone changes the pod, its image or the namespace. */
    static final Set<String> NEVER_STARTS = Set.of(
            "CreateContainerConfigError", "CreateContainerError",
            "ErrImagePull", "ImagePullBackOff", "ErrImageNeverPull", "InvalidImageName");
    /** Reasons of events with which node autoscalers say they are bringing a node for the pod (cluster-autoscaler, Karpenter). */
    static final Set<String> NODE_COMING = Set.of("TriggeredScaleUp", "Nominated");
    /** The kubelet ends its messages with the pod and container they are about, which the report names anyway. */
    private static final Pattern POD_SUFFIX = Pattern.compile("\\s*\\(pod: \"[^\"]*\", container: [^)]*\\)\\s*$");
    private static final Pattern MISSING_OBJECT = Pattern.compile("(secret|configmap) \"([^\"]+)\" not found");
    /**
     * CreateContainerConfigError while the kubelet's own watch of a Secret or ConfigMap that the
     * pod uses has not caught up yet (seen on a real node for the hook ConfigMap copy created just
     * before the Job): it passes on the kubelet's next try, so it is no reason to end the Job.
     */
    private static final Pattern KUBELET_CACHE_CATCHING_UP = Pattern.compile("^failed to sync (secret|configmap) cache\\b");

    private PodStart() {}

    /** A container that is waiting, with the kubelet's reason. */
    record Waiting(String container, String reason, String message) {}

    /**
     * What decides whether a pod starts.
     *
     * @param pod           the pod's name
     * @param uid           the pod's uid
     * @param job           the Job that owns it, or null
     * @param terminating   whether it is being deleted
     * @param waiting       its containers (init containers first) that are waiting
     * @param unschedulable the scheduler's message when it found no node for the pod, else null
     * @param nodeComing    whether a node autoscaler said it is bringing a node for it
     */
    record State(String pod, String uid, String job, boolean terminating, List<Waiting> waiting, String unschedulable,
                 boolean nodeComing) {
        State {
            waiting = List.copyOf(waiting);
        }

        static State of(Pod pod, List<Event> events) {
            var status = pod.getStatus();
            List<Waiting> waiting = new ArrayList<>();
            if (status != null) {
                Stream.concat(orEmpty(status.getInitContainerStatuses()).stream(), orEmpty(status.getContainerStatuses()).stream())
                        .filter(c -> c.getState() != null && c.getState().getWaiting() != null)
                        .forEach(c -> waiting.add(waiting(c)));
            }
            String unschedulable = status == null ? null : orEmpty(status.getConditions()).stream()
                    .filter(c -> "PodScheduled".equals(c.getType()) && "False".equals(c.getStatus())
                            && "Unschedulable".equals(c.getReason()))
                    .map(PodCondition::getMessage)
                    .map(message -> message == null ? "" : message)
                    .findFirst().orElse(null);
            String job = orEmpty(pod.getMetadata().getOwnerReferences()).stream()
                    .filter(owner -> "Job".equals(owner.getKind()))
                    .map(OwnerReference::getName)
                    .findFirst().orElse(null);
            boolean nodeComing = events.stream().anyMatch(e -> NODE_COMING.contains(e.getReason()));
            return new State(pod.getMetadata().getName(), pod.getMetadata().getUid(), job,
                    pod.getMetadata().getDeletionTimestamp() != null, waiting, unschedulable, nodeComing);
        }

        private static Waiting waiting(ContainerStatus container) {
            var waiting = container.getState().getWaiting();
            return new Waiting(container.getName(), String.valueOf(waiting.getReason()),
                    waiting.getMessage() == null ? "" : waiting.getMessage());
        }
    }

    /** Why a pod cannot start: the kubelet's (or the scheduler's) reason and message. */
    record Blocked(String reason, String message) {
        /** {@code CreateContainerConfigError: container has runAsNonRoot and ...} */
        @Override
        public String toString() {
            return message.isEmpty() ? reason : reason + ": " + message;
        }

        /** What to change, naming the POM settings and values keys. */
        String hint() {
            if (message.contains("runAsNonRoot") || message.contains("non-root")) {
                return "the image's USER is a name or root, which the kubelet cannot check against runAsNonRoot: true."
                        + " Set " + SettingNames.of("migration.runAsUser") + " (and " + SettingNames.of("migration.runAsGroup")
                        + ") in the POM to the uid (and gid) of the image's user (docker run --rm --entrypoint id <image>"
                        + " prints them), or deploy with migration.podSecurityContext.runAsUser (and .runAsGroup).";
            }
            Matcher missing = MISSING_OBJECT.matcher(message);
            if (missing.find()) {
                boolean secret = missing.group(1).equals("secret");
                return "create the " + (secret ? "Secret " : "ConfigMap ") + missing.group(2) + " in the namespace before"
                        + " deploying (the Job runs before the release creates anything else), or correct "
                        + SettingNames.of(secret ? "migration.secretRefs" : "migration.configMapRefs") + " (values migration.envFrom).";
            }
            return switch (reason) {
                case "ErrImagePull", "ImagePullBackOff", "InvalidImageName" -> "check the image the Job runs: "
                        + SettingNames.of("migration.image.repository") + " and " + SettingNames.of("migration.image.tag")
                        + ", empty meaning " + SettingNames.of("app.image.repository") + " and " + SettingNames.of("app.image.tag")
                        + " (values migration.image.repository and .tag, else image.repository and image.tag); that the tag"
                        + " was pushed; and, for a private registry, imagePullSecrets.";
                case "ErrImageNeverPull" -> "the pull policy is Never and the node does not have the image: load it onto the"
                        + " node, or set " + SettingNames.of("migration.image.pullPolicy") + " (values migration.image.pullPolicy,"
                        + " else image.pullPolicy) to IfNotPresent.";
                case "Unschedulable" -> "no node can run the pod, for the reasons above: lower "
                        + SettingNames.of("migration.resources") + " (values migration.resources), or correct"
                        + " migration.nodeSelector, migration.tolerations and migration.affinity.";
                default -> "the kubelet's message above says what to change.";
            };
        }
    }

    /** Why the pod cannot start, if it cannot; empty while it may still start (creating, pulling, running, done). */
    static Optional<Blocked> blocked(State state) {
        if (state.terminating()) {
            return Optional.empty();
        }
        for (Waiting waiting : state.waiting()) {
            if (NEVER_STARTS.contains(waiting.reason()) && !KUBELET_CACHE_CATCHING_UP.matcher(waiting.message()).find()) {
                return Optional.of(new Blocked(waiting.reason(), withoutPodSuffix(waiting.message())));
            }
        }
        if (state.unschedulable() != null && !state.nodeComing()) {
            return Optional.of(new Blocked("Unschedulable", state.unschedulable()));
        }
        return Optional.empty();
    }

    /**
     * The Warning events of a pod that add to {@code blocked}, oldest first, each as
     * {@code Reason: message}, without repeats and without the ones that only repeat its reason or message.
     */
    static List<String> warnings(List<Event> events, Blocked blocked) {
        return events.stream()
                .filter(e -> "Warning".equals(e.getType()))
                .sorted(Comparator.comparing(PodStart::lastSeen))
                .map(e -> new Blocked(String.valueOf(e.getReason()), withoutPodSuffix(e.getMessage() == null ? "" : e.getMessage())))
                .filter(e -> !e.message().equals(blocked.message()) && !e.message().equals("Error: " + blocked.message())
                        && !e.message().equals("Error: " + blocked.reason()))
                .map(Blocked::toString)
                .distinct()
                .limit(5)
                .toList();
    }

    static String withoutPodSuffix(String message) {
        return POD_SUFFIX.matcher(message).replaceFirst("");
    }

    private static String lastSeen(Event event) {
        String time = event.getLastTimestamp() != null ? event.getLastTimestamp()
                : event.getEventTime() != null ? event.getEventTime().getTime()
                : event.getMetadata() == null ? null : event.getMetadata().getCreationTimestamp();
        return time == null ? "" : time;
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
