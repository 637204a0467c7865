package io.github.migrationchart.core.model;

/**
 * Everything needed to generate a chart: its metadata, the application and its migration Job.
 * Build one, then hand it to {@code ChartRenderer}; validation reports every problem at once.
 *
 * @param unitTests whether the chart carries its helm-unittest suites in {@code tests/}
 * @param additions the project's own files merged into the chart
 */
public record ChartSpec(ChartMetadata chart, AppSpec app, MigrationSpec migration, boolean unitTests,
                        ChartAdditions additions) {
    public ChartSpec {
        chart = chart == null ? new ChartMetadata("", "", "", "") : chart;
        app = app == null ? AppSpec.builder("").build() : app;
        migration = migration == null ? MigrationSpec.disabled() : migration;
        additions = additions == null ? ChartAdditions.NONE : additions;
    }

    /** A chart without additions from the project. */
    public ChartSpec(ChartMetadata chart, AppSpec app, MigrationSpec migration, boolean unitTests) {
        this(chart, app, migration, unitTests, ChartAdditions.NONE);
    }

    /** A chart with its helm-unittest suites, the default. */
    public ChartSpec(ChartMetadata chart, AppSpec app, MigrationSpec migration) {
        this(chart, app, migration, true);
    }

    /**
     * The numeric user and group the migration Job's pod runs as, each part from the first that
     * knows it: the migration's own setting, its preset's image user, and, when the Job runs the
     * application's image repository, the application's.
     */
    public RunAsUser migrationRunAsUser() {
        return migration.runAsUser().orElse(runsApplicationImage() ? app.runAsUser() : RunAsUser.UNKNOWN);
    }

    /** Whether the Job runs the application's image repository (possibly with another tag). */
    public boolean runsApplicationImage() {
        String repository = migration.image().repository();
        return repository.isEmpty() || repository.equals(app.image().repository());
    }

    /** The same chart with or without its helm-unittest suites. */
    public ChartSpec withUnitTests(boolean include) {
        return new ChartSpec(chart, app, migration, include, additions);
    }

    /** The same chart with these additions from the project. */
    public ChartSpec withAdditions(ChartAdditions value) {
        return new ChartSpec(chart, app, migration, unitTests, value);
    }
}
