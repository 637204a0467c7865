package io.github.migrationchart.plugins.common;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which pod states mean "this pod will not start", decided from plain records built from the API's JSON. */
class PodStartTest {
    static final String NON_NUMERIC = "container has runAsNonRoot and image has non-numeric user (liquibase),"
            + " cannot verify user is non-root";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A pod of the migration Job, as the kubelet reports it, with one container waiting for that reason. */
    static JsonNode waitingPod(String name, String reason, String message) {
        ObjectNode pod = pod(name, "uid-" + name);
        ((ObjectNode) pod.get("metadata")).put("namespace", "shop").putArray("ownerReferences").addObject()
                .put("apiVersion", "batch/v1").put("kind", "Job").put("name", "api-migration").put("uid", "job-uid")
                .put("controller", true);
        ObjectNode status = pod.putObject("status").put("phase", "Pending");
        status.putArray("containerStatuses").addObject().put("name", "migration").put("ready", false).put("restartCount", 0)
                .putObject("state").putObject("waiting").put("reason", reason).put("message", message);
        return pod;
    }

    /** A pod with only a name and a uid. */
    private static ObjectNode pod(String name, String uid) {
        ObjectNode pod = JSON.createObjectNode().put("apiVersion", "v1").put("kind", "Pod");
        pod.putObject("metadata").put("name", name).put("uid", uid);
        return pod;
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static PodStart.State waiting(String name, String reason, String message) {
        return PodStart.State.of(waitingPod(name, reason, message), List.of());
    }

    private static PodStart.State unschedulable(boolean nodeComing) {
        return new PodStart.State("api-migration-x7k2p", "uid", "api-migration", false, List.of(),
                "0/3 nodes are available: 3 Insufficient memory. preemption: 0/3 nodes are available", nodeComing);
    }

    private static PodStart.Event event(String type, String reason, String message, String lastTimestamp) {
        ObjectNode event = JSON.createObjectNode().put("type", type).put("reason", reason).put("message", message)
                .put("lastTimestamp", lastTimestamp);
        return PodStart.Event.of(event);
    }

    @ParameterizedTest
    @ValueSource(strings = {"CreateContainerConfigError", "CreateContainerError", "ErrImagePull", "ImagePullBackOff",
            "ErrImageNeverPull", "InvalidImageName"})
    void containersWaitingForTheseReasonsNeverStart(String reason) {
        assertEquals(Optional.of(new PodStart.Blocked(reason, "why")), PodStart.blocked(waiting("p", reason, "why")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ContainerCreating", "PodInitializing", "CrashLoopBackOff", ""})
    void otherWaitingReasonsMayStillStart(String reason) {
        assertEquals(Optional.empty(), PodStart.blocked(waiting("p", reason, "")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"failed to sync configmap cache: timed out waiting for the condition",
            "failed to sync secret cache: timed out waiting for the condition"})
    void theKubeletCatchingUpWithItsOwnCachesIsNoReasonToEndTheJob(String message) {
        assertEquals(Optional.empty(), PodStart.blocked(waiting("p", "CreateContainerConfigError", message)));
        assertEquals(Optional.of(new PodStart.Blocked("CreateContainerConfigError", "configmap \"api-migration\" not found")),
                PodStart.blocked(waiting("p", "CreateContainerConfigError", "configmap \"api-migration\" not found")),
                "a ConfigMap that does not exist is another matter");
    }

    @Test
    void theKubeletsMessageLosesOnlyItsPodSuffix() {
        PodStart.State state = waiting("api-migration-x7k2p", "CreateContainerConfigError",
                NON_NUMERIC + " (pod: \"api-migration-x7k2p_shop(0c4f5a1e-9d2b-4c1a-8e0f-2b7d1c9e3a55)\", container: migration)");

        assertEquals(new PodStart.State("api-migration-x7k2p", "uid-api-migration-x7k2p", "api-migration", false,
                List.of(new PodStart.Waiting("migration", "CreateContainerConfigError", NON_NUMERIC
                        + " (pod: \"api-migration-x7k2p_shop(0c4f5a1e-9d2b-4c1a-8e0f-2b7d1c9e3a55)\", container: migration)")),
                null, false), state, "the record holds what the pod says");
        assertEquals("CreateContainerConfigError: " + NON_NUMERIC, PodStart.blocked(state).orElseThrow().toString());
    }

    @Test
    void aRunningOrFinishedPodIsNotBlocked() {
        JsonNode running = json("""
                {"metadata":{"name":"p","uid":"u"},"status":{"phase":"Running","containerStatuses":[
                 {"name":"migration","state":{"running":{"startedAt":"2026-12-01T10:00:00Z"}}}]}}""");
        assertEquals(Optional.empty(), PodStart.blocked(PodStart.State.of(running, List.of())));
        JsonNode bare = pod("p", "u");
        assertEquals(Optional.empty(), PodStart.blocked(PodStart.State.of(bare, List.of())), "no status yet");
    }

    @Test
    void aPodBeingDeletedIsNotReported() {
        JsonNode pod = waitingPod("p", "ErrImagePull", "not found");
        ((ObjectNode) pod.get("metadata")).put("deletionTimestamp", "2026-12-01T10:00:00Z");
        assertEquals(Optional.empty(), PodStart.blocked(PodStart.State.of(pod, List.of())));
    }

    @Test
    void anInitContainerThatCannotStartBlocksThePod() {
        JsonNode pod = json("""
                {"metadata":{"name":"p","uid":"u"},"status":{"initContainerStatuses":[{"name":"proxy",
                 "state":{"waiting":{"reason":"ImagePullBackOff","message":"Back-off pulling image \\"proxy:1\\""}}}]}}""");
        assertEquals(Optional.of(new PodStart.Blocked("ImagePullBackOff", "Back-off pulling image \"proxy:1\"")),
                PodStart.blocked(PodStart.State.of(pod, List.of())));
    }

    @Test
    void anUnschedulablePodIsBlockedUnlessANodeIsComing() {
        JsonNode pod = json("""
                {"metadata":{"name":"p","uid":"u"},"status":{"phase":"Pending","conditions":[{"type":"PodScheduled",
                 "status":"False","reason":"Unschedulable","message":"0/1 nodes are available: 1 node(s) had untolerated taint."}]}}""");
        assertEquals(Optional.of(new PodStart.Blocked("Unschedulable", "0/1 nodes are available: 1 node(s) had untolerated taint.")),
                PodStart.blocked(PodStart.State.of(pod, List.of(event("Warning", "FailedScheduling", "0/1 nodes", null)))));
        assertEquals(Optional.empty(), PodStart.blocked(PodStart.State.of(pod,
                List.of(event("Normal", "TriggeredScaleUp", "pod triggered scale-up: [{pool 1->2 (max: 5)}]", null)))));
        assertEquals(Optional.empty(), PodStart.blocked(unschedulable(true)));
        assertTrue(PodStart.blocked(unschedulable(false)).isPresent());
    }

    @Test
    void anEventIsSeenWhenLastSeenElseAtItsEventTimeElseWhenCreated() {
        assertEquals(new PodStart.Event("Warning", "Failed", "m", "2026-12-01T10:00:02Z"), PodStart.Event.of(json("""
                {"metadata":{"creationTimestamp":"2026-12-01T10:00:00Z"},"type":"Warning","reason":"Failed","message":"m",
                 "eventTime":"2026-12-01T10:00:01.000000Z","lastTimestamp":"2026-12-01T10:00:02Z"}""")));
        assertEquals("2026-12-01T10:00:01.000000Z", PodStart.Event.of(json("""
                {"metadata":{"creationTimestamp":"2026-12-01T10:00:00Z"},"eventTime":"2026-12-01T10:00:01.000000Z",
                 "lastTimestamp":null}""")).time());
        assertEquals("2026-12-01T10:00:00Z", PodStart.Event.of(json("""
                {"metadata":{"creationTimestamp":"2026-12-01T10:00:00Z"}}""")).time());
        assertEquals(new PodStart.Event(null, null, null, null), PodStart.Event.of(json("{}")));
    }

    @Test
    void hintsNameTheSettingsThatFixEachCause() {
        String user = new PodStart.Blocked("CreateContainerConfigError", NON_NUMERIC).hint();
        assertTrue(user.contains("Set <migration><runAsUser> (and <migration><runAsGroup>) in the POM"), user);
        assertTrue(user.contains("migration.podSecurityContext.runAsUser"), user);
        assertTrue(new PodStart.Blocked("CreateContainerConfigError", "container has runAsNonRoot and image will run as root")
                .hint().contains("<migration><runAsUser>"));

        String secret = new PodStart.Blocked("CreateContainerConfigError", "secret \"orders-db\" not found").hint();
        assertTrue(secret.startsWith("create the Secret orders-db in the namespace"), secret);
        assertTrue(secret.contains("<migration><secretRefs> (values migration.envFrom)"), secret);
        assertTrue(new PodStart.Blocked("CreateContainerConfigError", "configmap \"orders-liquibase\" not found").hint()
                .contains("ConfigMap orders-liquibase"));

        String pull = new PodStart.Blocked("ImagePullBackOff", "Back-off pulling image \"x\"").hint();
        assertTrue(pull.contains("<migration><image> and <migration><imageTag>, empty meaning <image> and <imageTag>"), pull);
        assertTrue(pull.contains("imagePullSecrets"), pull);
        assertTrue(new PodStart.Blocked("ErrImageNeverPull", "").hint().contains("<migration><imagePullPolicy>"));
        assertTrue(new PodStart.Blocked("Unschedulable", "").hint().contains("<migration><resources>"));
        assertEquals("the kubelet's message above says what to change.", new PodStart.Blocked("CreateContainerError", "x").hint());
    }

    @Test
    void warningEventsAddWhatTheWaitingMessageDoesNotSay() {
        PodStart.Blocked blocked = new PodStart.Blocked("ImagePullBackOff", "Back-off pulling image \"registry.example.com/shop/orders:2.0\"");
        List<PodStart.Event> events = List.of(
                event("Normal", "Scheduled", "Successfully assigned shop/p to node-1", "2026-12-01T10:00:00Z"),
                event("Warning", "Failed", "Error: ImagePullBackOff", "2026-12-01T10:00:04Z"),
                event("Warning", "Failed", "Failed to pull image \"registry.example.com/shop/orders:2.0\": not found",
                        "2026-12-01T10:00:02Z"),
                event("Warning", "Failed", "Error: ErrImagePull", "2026-12-01T10:00:02Z"),
                event("Warning", "Failed", "Failed to pull image \"registry.example.com/shop/orders:2.0\": not found",
                        "2026-12-01T10:00:03Z"),
                event("Normal", "BackOff", "Back-off pulling image \"registry.example.com/shop/orders:2.0\"", "2026-12-01T10:00:05Z"));

        assertEquals(List.of("Failed: Failed to pull image \"registry.example.com/shop/orders:2.0\": not found",
                        "Failed: Error: ErrImagePull"),
                PodStart.warnings(events, blocked));
        assertEquals(List.of(), PodStart.warnings(List.of(event("Warning", "Failed",
                "Error: " + NON_NUMERIC + " (pod: \"p_shop(u)\", container: migration)", null)),
                new PodStart.Blocked("CreateContainerConfigError", NON_NUMERIC)), "only repeats the waiting message");
    }
}
