package io.github.migrationchart.core.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MigrationPresetTest {

    @Test
    void commandsAreTheNonInteractiveOnesOfEachTool() {
        assertEquals(List.of("php", "artisan", "migrate", "--force"), MigrationPreset.LARAVEL.args());
        assertEquals(List.of("flyway", "migrate"), concat(MigrationPreset.FLYWAY));
        assertEquals(List.of("liquibase", "update"), concat(MigrationPreset.LIQUIBASE));
        assertEquals(List.of("python", "manage.py", "migrate", "--noinput"), concat(MigrationPreset.DJANGO));
        assertEquals(List.of("bin/rails", "db:migrate"), concat(MigrationPreset.RAILS));
        assertEquals(List.of("alembic", "upgrade", "head"), concat(MigrationPreset.ALEMBIC));
        assertEquals(List.of("npx", "prisma", "migrate", "deploy"), concat(MigrationPreset.PRISMA));
        assertEquals(List.of("migrate", "-path", "/migrations", "-database", "$(DATABASE_URL)", "up"), concat(MigrationPreset.GOLANG_MIGRATE));
    }

    @Test
    void springPresetsRunTheAppWithMigrationOnlySettingsAndSwitchOffMigrateOnStart() {
        assertTrue(MigrationPreset.SPRING_BOOT_FLYWAY.runsImageEntrypoint());
        assertEquals("none", MigrationPreset.SPRING_BOOT_FLYWAY.env().get("SPRING_MAIN_WEB_APPLICATION_TYPE"));
        assertEquals("true", MigrationPreset.SPRING_BOOT_FLYWAY.env().get("SPRING_FLYWAY_ENABLED"));
        assertEquals(Map.of("SPRING_FLYWAY_ENABLED", "false"), MigrationPreset.SPRING_BOOT_FLYWAY.appEnv());
        assertEquals(Map.of("SPRING_LIQUIBASE_ENABLED", "false"), MigrationPreset.SPRING_BOOT_LIQUIBASE.appEnv());
        assertFalse(MigrationPreset.FLYWAY.runsImageEntrypoint());
        assertFalse(MigrationPreset.NONE.runsImageEntrypoint());
    }

    @ParameterizedTest
    @EnumSource(value = MigrationPreset.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void everyPresetIsFoundByItsIdAndSaysWhatItNeeds(MigrationPreset preset) {
        assertEquals(preset, MigrationPreset.byId(preset.id()).orElseThrow());
        assertFalse(preset.requires().isBlank());
        assertTrue(MigrationPreset.ids().contains(preset.id()));
    }

    @Test
    void builderTakesUnsetPartsFromThePreset() {
        MigrationSpec spec = MigrationSpec.builder().preset(MigrationPreset.LIQUIBASE)
                .args(List.of("update", "--contexts=prod"))
                .env(Map.of("LIQUIBASE_SHOW_BANNER", "true"))
                .build();

        assertEquals(List.of("liquibase"), spec.command());
        assertEquals(List.of("update", "--contexts=prod"), spec.args());
        assertEquals(Map.of("LIQUIBASE_ANALYTICS_ENABLED", "false", "LIQUIBASE_SHOW_BANNER", "true"), spec.env());
        assertEquals(List.of(), MigrationSpec.builder().build().command(), "no preset, nothing set: empty");
    }

    @Test
    void presetsOfToolsWithAnOfficialImageKnowAUidThatStartsIt() {
        assertEquals(RunAsUser.of(1001, 1001), MigrationPreset.LIQUIBASE.imageUser(), "useradd --uid 1001 --gid 1001 liquibase");
        assertEquals(RunAsUser.of(65532, 65532), MigrationPreset.FLYWAY.imageUser(), "root image, world-readable files");
        assertEquals(RunAsUser.of(65532, 65532), MigrationPreset.GOLANG_MIGRATE.imageUser(), "root alpine image");
        assertTrue(MigrationPreset.LIQUIBASE.imageUserReason().contains("USER liquibase"), MigrationPreset.LIQUIBASE.imageUserReason());
        assertTrue(MigrationPreset.FLYWAY.imageUserReason().contains("no USER"), MigrationPreset.FLYWAY.imageUserReason());
    }

    @ParameterizedTest
    @EnumSource(value = MigrationPreset.class, names = {"NONE", "LARAVEL", "DJANGO", "RAILS", "ALEMBIC", "PRISMA",
            "SPRING_BOOT_FLYWAY", "SPRING_BOOT_LIQUIBASE"})
    void presetsThatRunTheUsersOwnImageKnowNoUid(MigrationPreset preset) {
        assertEquals(RunAsUser.UNKNOWN, preset.imageUser());
        assertTrue(preset.imageUserReason().contains("your own image"), preset.imageUserReason());
    }

    @Test
    void givenRunAsUserPartsWinOverThePresetsEachOnItsOwn() {
        RunAsUser uidOnly = new RunAsUser(java.util.OptionalInt.of(2000), null);
        assertEquals(RunAsUser.of(1001, 1001), MigrationSpec.builder().preset(MigrationPreset.LIQUIBASE).build().runAsUser());
        assertEquals(RunAsUser.of(2000, 1001), MigrationSpec.builder().preset(MigrationPreset.LIQUIBASE).runAsUser(uidOnly).build().runAsUser());
        assertEquals(uidOnly, MigrationSpec.builder().runAsUser(uidOnly).build().runAsUser());
        assertEquals(RunAsUser.UNKNOWN, MigrationSpec.builder().preset(MigrationPreset.LARAVEL).build().runAsUser());
    }

    private static List<String> concat(MigrationPreset preset) {
        return java.util.stream.Stream.concat(preset.command().stream(), preset.args().stream()).toList();
    }
}
