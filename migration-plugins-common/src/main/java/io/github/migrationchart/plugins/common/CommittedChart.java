package io.github.migrationchart.plugins.common;

import io.github.migrationchart.core.model.ChartSpec;
import io.github.migrationchart.core.render.ChartWriter;
import io.github.migrationchart.core.render.RenderedChart;
import io.github.migrationchart.core.validation.Problem;
import io.github.migrationchart.plugins.common.ChartComparison.Change;
import io.github.migrationchart.plugins.common.ChartComparison.Difference;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static io.github.migrationchart.plugins.common.PluginSettings.CHECK_CHART_DIRECTORY;

/**
 * {@code migration:check}: a chart kept in version control compared, byte for byte, with what the
 * configuration generates.
 */
public final class CommittedChart {
    private CommittedChart() {}

    /**
     * The committed chart's directory, absolute, or the problem with {@code chartDirectory}: it must
     * be given, exist, and end with the chart name, the directory {@code migration:generate} writes.
     */
    public static Validated<Path> directory(File chartDirectory, Path projectDirectory, String chartName) {
        List<String> errors = new ArrayList<>();
        if (chartDirectory == null || chartDirectory.getPath().isBlank()) {
            errors.add(CHECK_CHART_DIRECTORY.display() + " is required: the committed chart to compare with the POM, e.g. -D"
                    + CHECK_CHART_DIRECTORY.property() + "=deploy/chart/" + chartName);
            return Validated.of(null, errors);
        }
        Path committed = ProjectPaths.resolve(projectDirectory, chartDirectory);
        String shown = Problem.printable(ProjectPaths.show(projectDirectory, committed));
        if (committed.getFileName() == null || !committed.getFileName().toString().equals(chartName)) {
            errors.add(CHECK_CHART_DIRECTORY.display() + " = \"" + shown + "\": must end with the chart name \"" + chartName
                    + "\", the directory migration:generate writes; e.g. "
                    + ProjectPaths.show(projectDirectory, committed.resolveSibling(chartName)));
        } else if (!Files.isDirectory(committed)) {
            errors.add(CHECK_CHART_DIRECTORY.display() + " = \"" + shown + "\": no such directory. Generate the chart there with: "
                    + refreshCommand(projectDirectory, committed));
        }
        return Validated.of(committed, errors);
    }

    /**
     * Renders the chart of {@code spec} and compares it with the committed one.
     *
     * @return the one line a current chart gets
     * @throws GoalFailure when the committed chart is stale (a diff per file and the command that
     *                     refreshes it), or when the chart cannot be rendered
     * @throws IOException when the committed chart cannot be read
     */
    public static String check(ChartSpec spec, Path committed, Path projectDirectory) throws GoalFailure, IOException {
        RenderedChart rendered = ChartGeneration.render(spec);
        Optional<String> stale = staleness(rendered, committed, projectDirectory);
        if (stale.isPresent()) {
            throw new GoalFailure(stale.get());
        }
        return upToDate(rendered, committed, projectDirectory);
    }

    /** Why the committed chart is stale, with a diff per file and the command that refreshes it; empty when it is current. */
    private static Optional<String> staleness(RenderedChart chart, Path committed, Path projectDirectory) throws IOException {
        List<Difference> differences = compare(chart, committed);
        if (differences.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(staleMessage(ProjectPaths.show(projectDirectory, committed), differences,
                refreshCommand(projectDirectory, committed)));
    }

    /** The one line a current chart gets. */
    private static String upToDate(RenderedChart chart, Path committed, Path projectDirectory) {
        return "Chart " + ProjectPaths.show(projectDirectory, committed) + " is up to date: its " + chart.files().size()
                + " files are byte for byte what the POM generates";
    }

    private static String refreshCommand(Path projectDirectory, Path committed) {
        return "mvn migration:generate -D" + PluginSettings.OUTPUT_DIRECTORY.property() + "="
                + ProjectPaths.quoted(ProjectPaths.show(projectDirectory, committed.getParent()));
    }

    private static List<Difference> compare(RenderedChart chart, Path committed) throws IOException {
        Path temporary = Files.createTempDirectory("migration-check-");
        try {
            Path generated = ChartWriter.write(chart, temporary.resolve(chart.name()));
            return ChartComparison.compare(committed, generated);
        } finally {
            deleteQuietly(temporary);
        }
    }

    static String staleMessage(String shown, List<Difference> differences, String refresh) {
        StringBuilder out = new StringBuilder();
        out.append("The chart in ").append(shown).append(" is stale: ").append(differences.size())
                .append(differences.size() == 1 ? " file differs" : " files differ")
                .append(" from what the POM generates (").append(count(differences, Change.CHANGED)).append(" changed, ")
                .append(count(differences, Change.ADDED)).append(" missing, ")
                .append(count(differences, Change.REMOVED)).append(" no longer generated):\n");
        for (Difference difference : differences) {
            out.append("  ").append(describe(difference.change())).append(": ").append(difference.path()).append('\n');
        }
        for (Difference difference : differences) {
            out.append('\n').append(difference.diff());
        }
        out.append("\nRefresh it with: ").append(refresh)
                .append("\nthen review and commit the result.");
        return out.toString();
    }

    private static String describe(Change change) {
        return switch (change) {
            case CHANGED -> "changed";
            case ADDED -> "missing (generated, not committed)";
            case REMOVED -> "no longer generated";
        };
    }

    private static long count(List<Difference> differences, Change change) {
        return differences.stream().filter(d -> d.change() == change).count();
    }

    private static void deleteQuietly(Path directory) {
        try {
            ChartWriter.deleteRecursively(directory);
        } catch (IOException e) {
            // a leftover temporary directory is not worth failing the check for
        }
    }
}
