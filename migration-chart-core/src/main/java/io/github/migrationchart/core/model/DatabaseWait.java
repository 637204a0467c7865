package io.github.migrationchart.core.model;

import java.util.List;

/**
 * An init container of the migration pod that repeats a check until the database answers, so that
 * a database which is not up yet is waited out instead of failing the migration; once it has
 * answered, a failing migration fails the Job at once.
 *
 * @param enabled         whether the migration pod waits for the database
 * @param command         the check, run in the migration image with the migration's environment;
 *                        empty takes the preset's ({@link MigrationPreset#databaseCheck()})
 * @param intervalSeconds seconds between two checks
 */
public record DatabaseWait(boolean enabled, List<String> command, int intervalSeconds) {
    public static final int DEFAULT_INTERVAL_SECONDS = 2;

    public DatabaseWait {
        command = Collections2.copy(command);
    }

    /** The default: on with the preset's check, for presets that have one; else off. */
    public static DatabaseWait presetDefault(MigrationPreset preset) {
        List<String> check = preset.databaseCheck();
        return new DatabaseWait(!check.isEmpty(), check, DEFAULT_INTERVAL_SECONDS);
    }

    /** This wait with the preset's check where none is given. */
    DatabaseWait withPresetCheck(MigrationPreset preset) {
        return command.isEmpty() ? new DatabaseWait(enabled, preset.databaseCheck(), intervalSeconds) : this;
    }
}
