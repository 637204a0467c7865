package io.github.migrationchart.core.model;

/**
 * Everything needed to generate a chart: its metadata, the application and its migration Job.
 * Build one, then hand it to {@code ChartRenderer}; validation reports every problem at once.
 */
public record ChartSpec(ChartMetadata chart, AppSpec app, MigrationSpec migration) {
    public ChartSpec {
        chart = chart == null ? new ChartMetadata("", "", "", "") : chart;
        app = app == null ? AppSpec.builder("").build() : app;
        migration = migration == null ? MigrationSpec.disabled() : migration;
    }
}
