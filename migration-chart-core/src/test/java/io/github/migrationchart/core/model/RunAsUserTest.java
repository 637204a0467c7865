package io.github.migrationchart.core.model;

import io.github.migrationchart.core.ExampleSpecs;
import org.junit.jupiter.api.Test;

import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which numeric user the migration Job's pod gets: its own setting, its preset's, the application's. */
class RunAsUserTest {
    private static final RunAsUser APP = RunAsUser.of(1000, 1000);

    @Test
    void theMigrationsOwnSettingWinsOverThePresetAndTheApplication() {
        MigrationSpec.Builder migration = MigrationSpec.builder().preset(MigrationPreset.LIQUIBASE).runAsUser(RunAsUser.of(5000, 6000));
        assertEquals(RunAsUser.of(5000, 6000), ExampleSpecs.withUsers(APP, migration).migrationRunAsUser());
    }

    @Test
    void thePresetsImageUserWinsOverTheApplications() {
        assertEquals(RunAsUser.of(1001, 1001), ExampleSpecs.withUsers(APP, MigrationSpec.builder().preset(MigrationPreset.LIQUIBASE)).migrationRunAsUser());
    }

    @Test
    void theJobRunningTheApplicationsImageRunsAsTheApplicationsUser() {
        assertEquals(APP, ExampleSpecs.withUsers(APP, MigrationSpec.builder()).migrationRunAsUser());
        assertEquals(APP, ExampleSpecs.withUsers(APP, MigrationSpec.builder().preset(MigrationPreset.SPRING_BOOT_FLYWAY)).migrationRunAsUser());
        assertEquals(APP, ExampleSpecs.withUsers(APP, MigrationSpec.builder().image(new ImageSpec("", "1.0.0-migrations", ""))).migrationRunAsUser(),
                "another tag of the same repository");
        assertEquals(APP, ExampleSpecs.withUsers(APP, MigrationSpec.builder().image(new ImageSpec("registry.example.com/team/api", "", ""))).migrationRunAsUser(),
                "the same repository, named");
    }

    @Test
    void aJobWithAnImageOfItsOwnDoesNotTakeTheApplicationsUser() {
        ChartSpec spec = ExampleSpecs.withUsers(APP, MigrationSpec.builder().image(new ImageSpec("registry.example.com/team/migrator", "", "")));
        assertFalse(spec.runsApplicationImage());
        assertEquals(RunAsUser.UNKNOWN, spec.migrationRunAsUser());
    }

    @Test
    void eachPartFallsBackOnItsOwn() {
        RunAsUser gidOnly = new RunAsUser(OptionalInt.empty(), OptionalInt.of(0));
        assertEquals(new RunAsUser(OptionalInt.of(1000), OptionalInt.of(0)),
                ExampleSpecs.withUsers(APP, MigrationSpec.builder().runAsUser(gidOnly)).migrationRunAsUser());
        assertEquals(RunAsUser.of(1001, 0), ExampleSpecs.withUsers(RunAsUser.UNKNOWN,
                MigrationSpec.builder().preset(MigrationPreset.LIQUIBASE).runAsUser(gidOnly)).migrationRunAsUser());
    }

    @Test
    void knownMeansTheUidIsKnown() {
        assertTrue(RunAsUser.of(1, 0).isKnown());
        assertFalse(new RunAsUser(OptionalInt.empty(), OptionalInt.of(1000)).isKnown(), "the kubelet checks the user, not the group");
        assertFalse(RunAsUser.UNKNOWN.isKnown());
        assertEquals(RunAsUser.UNKNOWN, new RunAsUser(null, null));
        assertEquals("1001:-", new RunAsUser(OptionalInt.of(1001), null).toString());
    }
}
