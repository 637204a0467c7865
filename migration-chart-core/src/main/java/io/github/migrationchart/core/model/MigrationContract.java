package io.github.migrationchart.core.model;

import java.util.List;

/**
 * The contract phase of expand/contract: a second Job, run once the new pods are up, that removes
 * what only the old code needed. It runs the migration Job's image with its environment.
 *
 * @param enabled               whether the chart has a contract Job
 * @param command               container command; empty means the migration Job's
 * @param args                  container args: the command of the contract migrations; empty takes
 *                              the preset's ({@link MigrationPreset#contractArgs()})
 * @param activeDeadlineSeconds the Job fails after this long, the wait for the rollout included
 */
public record MigrationContract(boolean enabled, List<String> command, List<String> args, int activeDeadlineSeconds) {
    /** As the migration Job's deadline: 30 s below Helm's default --timeout. */
    public static final int DEFAULT_ACTIVE_DEADLINE_SECONDS = MigrationSpec.DEFAULT_ACTIVE_DEADLINE_SECONDS;
    public static final MigrationContract DISABLED = new MigrationContract(false, List.of(), List.of(), DEFAULT_ACTIVE_DEADLINE_SECONDS);

    public MigrationContract {
        command = Collections2.copy(command);
        args = Collections2.copy(args);
    }

    /** This contract with the preset's args where none are given. */
    MigrationContract withPresetArgs(MigrationPreset preset) {
        return enabled && args.isEmpty() ? new MigrationContract(true, command, preset.contractArgs(), activeDeadlineSeconds) : this;
    }
}
