package io.github.migrationchart.plugins.common;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which pod states mean "this pod will not start", decided from plain records. */
class PodStartTest {
    static final String NON_NUMERIC = "container has runAsNonRoot and image has non-numeric user (liquibase),"
            + " cannot verify user is non-root";

    /** A pod of the migration Job, as the kubelet reports it, with one container waiting for that reason. */
    static Pod waitingPod(String name, String reason, String message) {
        return new PodBuilder()
                .withNewMetadata().withName(name).withUid("uid-" + name).withNamespace("shop")
                    .addNewOwnerReference().withApiVersion("batch/v1").withKind("Job").withName("api-migration")
                        .withUid("job-uid").withController(true).endOwnerReference()
                .endMetadata()
                .withNewStatus().withPhase("Pending")
                    .addNewContainerStatus().withName("migration").withReady(false).withRestartCount(0)
                        .withNewState().withNewWaiting().withReason(reason).withMessage(message).endWaiting().endState()
                    .endContainerStatus()
                .endStatus()
                .build();
    }

    static PodStart.State waiting(String name, String reason, String message) {
        return PodStart.State.of(waitingPod(name, reason, message), List.of());
    }

    private static PodStart.State unschedulable(boolean nodeComing) {
        return new PodStart.State("api-migration-x7k2p", "uid", "api-migration", false, List.of(),
                "0/3 nodes are available: 3 Insufficient memory. preemption: 0/3 nodes are available", nodeComing);
    }

    private static Event event(String type, String reason, String message, String lastTimestamp) {
        return new EventBuilder().withType(type).withReason(reason).withMessage(message).withLastTimestamp(lastTimestamp).build();
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
        Pod running = new PodBuilder().withNewMetadata().withName("p").withUid("u").endMetadata()
                .withNewStatus().withPhase("Running").addNewContainerStatus().withName("migration")
                .withNewState().withNewRunning().endRunning().endState().endContainerStatus().endStatus().build();
        assertEquals(Optional.empty(), PodStart.blocked(PodStart.State.of(running, List.of())));
        Pod bare = new PodBuilder().withNewMetadata().withName("p").withUid("u").endMetadata().build();
        assertEquals(Optional.empty(), PodStart.blocked(PodStart.State.of(bare, List.of())), "no status yet");
    }

    @Test
    void aPodBeingDeletedIsNotReported() {
        Pod pod = waitingPod("p", "ErrImagePull", "not found");
        pod.getMetadata().setDeletionTimestamp("2026-12-01T10:00:00Z");
        assertEquals(Optional.empty(), PodStart.blocked(PodStart.State.of(pod, List.of())));
    }

    @Test
    void anInitContainerThatCannotStartBlocksThePod() {
        Pod pod = new PodBuilder().withNewMetadata().withName("p").withUid("u").endMetadata()
                .withNewStatus().addNewInitContainerStatus().withName("proxy")
                .withNewState().withNewWaiting().withReason("ImagePullBackOff").withMessage("Back-off pulling image \"proxy:1\"")
                .endWaiting().endState().endInitContainerStatus().endStatus().build();
        assertEquals(Optional.of(new PodStart.Blocked("ImagePullBackOff", "Back-off pulling image \"proxy:1\"")),
                PodStart.blocked(PodStart.State.of(pod, List.of())));
    }

    @Test
    void anUnschedulablePodIsBlockedUnlessANodeIsComing() {
        Pod pod = new PodBuilder().withNewMetadata().withName("p").withUid("u").endMetadata()
                .withNewStatus().withPhase("Pending").addNewCondition().withType("PodScheduled").withStatus("False")
                .withReason("Unschedulable").withMessage("0/1 nodes are available: 1 node(s) had untolerated taint.")
                .endCondition().endStatus().build();
        assertEquals(Optional.of(new PodStart.Blocked("Unschedulable", "0/1 nodes are available: 1 node(s) had untolerated taint.")),
                PodStart.blocked(PodStart.State.of(pod, List.of(event("Warning", "FailedScheduling", "0/1 nodes", null)))));
        assertEquals(Optional.empty(), PodStart.blocked(PodStart.State.of(pod,
                List.of(event("Normal", "TriggeredScaleUp", "pod triggered scale-up: [{pool 1->2 (max: 5)}]", null)))));
        assertEquals(Optional.empty(), PodStart.blocked(unschedulable(true)));
        assertTrue(PodStart.blocked(unschedulable(false)).isPresent());
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
        List<Event> events = List.of(
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
