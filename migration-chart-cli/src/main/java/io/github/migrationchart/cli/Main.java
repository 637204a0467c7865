package io.github.migrationchart.cli;

import java.nio.file.Path;
import java.util.List;

/** {@code migration-chart}: the chart of a project without Maven. See {@link MigrationChartCli}. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(new MigrationChartCli(System.out, System.err, System.getenv(), Path.of("")).run(List.of(args)));
    }
}
