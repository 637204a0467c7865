package io.github.migrationchart.plugins.common;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static io.github.migrationchart.plugins.common.PodStartTest.waiting;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** When a pod that cannot start counts as stuck: after the grace, counted from the first poll that saw it blocked. */
class StuckPodDetectorTest {
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final PodStart.State CREATING = waiting("api-migration-x7k2p", "ContainerCreating", "");
    private static final PodStart.State REFUSED = waiting("api-migration-x7k2p", "CreateContainerConfigError", PodStartTest.NON_NUMERIC);

    private final StuckPodDetector detector = new StuckPodDetector(Duration.ofSeconds(5));

    private Optional<StuckPodDetector.Stuck> at(double seconds, PodStart.State... pods) {
        return detector.observe(List.of(pods), T0.plusMillis((long) (seconds * 1000)));
    }

    @Test
    void aPodBlockedForTheGraceIsStuck() {
        assertEquals(Optional.empty(), at(0, CREATING));
        assertEquals(Optional.empty(), at(1, REFUSED));
        assertEquals(Optional.empty(), at(5.9, REFUSED), "blocked for 4.9 s");
        StuckPodDetector.Stuck stuck = at(6, REFUSED).orElseThrow();
        assertEquals("api-migration-x7k2p", stuck.pod().pod());
        assertEquals(new PodStart.Blocked("CreateContainerConfigError", PodStartTest.NON_NUMERIC), stuck.blocked());
        assertEquals(Duration.ofSeconds(6), stuck.seen(), "watched since its first observation");
    }

    @Test
    void aPodThatStartsInBetweenCountsAfresh() {
        at(0, REFUSED);
        at(3, CREATING);
        assertEquals(Optional.empty(), at(4, REFUSED));
        assertEquals(Optional.empty(), at(8.5, REFUSED));
        assertTrue(at(9, REFUSED).isPresent());
    }

    @Test
    void pullErrorsCountTogetherWhileTheKubeletAlternatesThem() {
        at(0, waiting("p", "ErrImagePull", "not found"));
        at(2, waiting("p", "ImagePullBackOff", "Back-off pulling image"));
        at(4, waiting("p", "ErrImagePull", "not found"));
        assertEquals("ImagePullBackOff", at(5, waiting("p", "ImagePullBackOff", "Back-off")).orElseThrow().blocked().reason());
    }

    @Test
    void podsOfAnEarlierReleaseAreIgnored() {
        detector.ignore(List.of(REFUSED.uid()));
        assertEquals(Optional.empty(), at(0, REFUSED));
        assertEquals(Optional.empty(), at(60, REFUSED));
    }

    @Test
    void aPodThatLeftIsForgotten() {
        at(0, REFUSED);
        at(2);
        assertEquals(Optional.empty(), at(5, REFUSED), "back, and blocked for 0 s only");
        assertTrue(at(10, REFUSED).isPresent());
    }

    @Test
    void ofSeveralStuckPodsTheFirstByNameIsReported() {
        PodStart.State other = waiting("api-migration-aaaaa", "ErrImageNeverPull", "");
        at(0, REFUSED, other);
        assertEquals("api-migration-aaaaa", at(5, REFUSED, other).orElseThrow().pod().pod());
    }

    @Test
    void aGraceOfZeroReportsAtTheFirstObservation() {
        assertTrue(new StuckPodDetector(Duration.ZERO).observe(List.of(REFUSED), T0).isPresent());
    }
}
