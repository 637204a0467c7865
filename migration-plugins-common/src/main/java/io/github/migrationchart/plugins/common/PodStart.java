package io.github.migrationchart.plugins.common;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

        /** The state of a pod (core/v1 Pod as JSON) and its events. */
        static State of(JsonNode pod, List<Event> events) {
            JsonNode status = pod.path("status");
            List<Waiting> waiting = new ArrayList<>();
            for (String statuses : List.of("initContainerStatuses", "containerStatuses")) {
                for (JsonNode container : status.path(statuses)) {
                    JsonNode state = container.path("state").path("waiting");
                    if (state.isObject()) {
                        waiting.add(new Waiting(text(container, "name"), String.valueOf(text(state, "reason")),
                                orEmpty(text(state, "message"))));
                    }
                }
            }
            String unschedulable = null;
            for (JsonNode condition : status.path("conditions")) {
                if (unschedulable == null && "PodScheduled".equals(text(condition, "type"))
                        && "False".equals(text(condition, "status")) && "Unschedulable".equals(text(condition, "reason"))) {
                    unschedulable = orEmpty(text(condition, "message"));
                }
            }
            JsonNode metadata = pod.path("metadata");
            String job = null;
            for (JsonNode owner : metadata.path("ownerReferences")) {
                if (job == null && "Job".equals(text(owner, "kind"))) {
                    job = text(owner, "name");
                }
            }
            boolean nodeComing = events.stream().anyMatch(e -> NODE_COMING.contains(e.reason()));
            return new State(text(metadata, "name"), text(metadata, "uid"), job, text(metadata, "deletionTimestamp") != null,
                    waiting, unschedulable, nodeComing);
        }
    }

    /**
     * What an Event says about a pod.
     *
     * @param type    Normal or Warning
     * @param reason  its reason, e.g. Failed
     * @param message its message, or null
     * @param time    when it was last seen (lastTimestamp, else eventTime, else creation), or null
     */
    record Event(String type, String reason, String message, String time) {
        /** The event of a core/v1 Event as JSON. */
        static Event of(JsonNode event) {
            String time = text(event, "lastTimestamp");
            time = time != null ? time : text(event, "eventTime");
            time = time != null ? time : text(event.path("metadata"), "creationTimestamp");
            return new Event(text(event, "type"), text(event, "reason"), text(event, "message"), time);
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
                .filter(e -> "Warning".equals(e.type()))
                .sorted(Comparator.comparing(e -> orEmpty(e.time())))
                .map(e -> new Blocked(String.valueOf(e.reason()), withoutPodSuffix(orEmpty(e.message()))))
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

    /** The field's text, or null when it is absent or null. */
    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static String orEmpty(String text) {
        return text == null ? "" : text;
    }
}
