package io.github.migrationchart.core.validation;

import io.github.migrationchart.core.model.ChartSpec;
import io.github.migrationchart.core.model.ImageSpec;
import io.github.migrationchart.core.model.MigrationPreset;
import io.github.migrationchart.core.model.MigrationSpec;
import io.github.migrationchart.core.model.RunAsUser;
import io.github.migrationchart.core.ExampleSpecs;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RunAsUserCheckTest {
    private static final String REFUSAL = "With a named USER the kubelet refuses the container (\"container has"
            + " runAsNonRoot and image has non-numeric user (<name>), cannot verify user is non-root\"), with root or"
            + " no USER too (\"container has runAsNonRoot and image will run as root\"), and the pod waits in"
            + " CreateContainerConfigError until the deadline, without a log.";

    private static List<String> warnings(ChartSpec spec) {
        return RunAsUserCheck.unknownUsers(spec).stream().map(p -> p.path() + ": " + p.message()).toList();
    }

    @Test
    void warnsOncePerPodWithoutANumericUserNamingTheSettingAndTheValuesKey() {
        assertEquals(List.of(
                "app.runAsUser: The application's pods run with runAsNonRoot: true, but no numeric user is known for them"
                        + " (app.runAsUser is not set), so the image's USER must be a number. " + REFUSAL
                        + " Set app.runAsUser (and app.runAsGroup) to the uid (and gid) of the image's user, or"
                        + " podSecurityContext.runAsUser (and podSecurityContext.runAsGroup) in the values.",
                "migration.runAsUser: The migration Job's pod runs with runAsNonRoot: true, but no numeric user is known"
                        + " for it (migration.runAsUser is not set, no preset gives one, and the application's app.runAsUser,"
                        + " whose image the Job runs, is not set either), so the image's USER must be a number. " + REFUSAL
                        + " Set migration.runAsUser (and migration.runAsGroup) to the uid (and gid) of the image's user, or"
                        + " migration.podSecurityContext.runAsUser (and migration.podSecurityContext.runAsGroup) in the values."),
                warnings(ExampleSpecs.withUsers(RunAsUser.UNKNOWN, MigrationSpec.builder())));
    }

    @Test
    void saysWhyNoSourceKnowsTheJobsUser() {
        String ownImage = warnings(ExampleSpecs.withUsers(RunAsUser.of(1000, 1000), MigrationSpec.builder().preset(MigrationPreset.PRISMA)
                .image(new ImageSpec("registry.example.com/team/migrator", "", "")))).get(0);
        assertEquals("migration.runAsUser: The migration Job's pod runs with runAsNonRoot: true, but no numeric user is"
                + " known for it (migration.runAsUser is not set, the prisma preset runs your own image, whose uid it cannot"
                + " know, and the Job runs an image of its own), so the image's USER must be a number. " + REFUSAL
                + " Set migration.runAsUser (and migration.runAsGroup) to the uid (and gid) of the image's user, or"
                + " migration.podSecurityContext.runAsUser (and migration.podSecurityContext.runAsGroup) in the values.", ownImage);
    }

    @Test
    void noWarningForAPodWithAKnownUid() {
        assertEquals(List.of(), warnings(ExampleSpecs.withUsers(RunAsUser.of(1000, 1000), MigrationSpec.builder())), "the Job runs the app's image");
        assertEquals(List.of(), warnings(ExampleSpecs.withUsers(RunAsUser.of(1000, 1000), MigrationSpec.builder().preset(MigrationPreset.LIQUIBASE)
                .image(new ImageSpec("registry.example.com/team/changelogs", "", "")))), "the preset knows its image");
        assertEquals(List.of(), warnings(ExampleSpecs.withUsers(RunAsUser.of(1000, 1000), MigrationSpec.builder().enabled(false)
                .image(new ImageSpec("registry.example.com/team/migrator", "", "")))), "no Job, no warning");
    }

    @Test
    void aGroupAloneIsNoNumericUser() {
        List<String> found = warnings(ExampleSpecs.withUsers(new RunAsUser(OptionalInt.empty(), OptionalInt.of(1000)), MigrationSpec.builder()
                .preset(MigrationPreset.FLYWAY)));
        assertEquals(1, found.size(), found.toString());
        assertEquals("app.runAsUser", found.get(0).substring(0, found.get(0).indexOf(':')));
    }
}
