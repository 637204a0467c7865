package io.github.migrationchart.maven;

import io.github.migrationchart.core.render.ChartRenderer;
import io.github.migrationchart.core.render.ChartWriter;
import io.github.migrationchart.core.render.RenderedChart;
import io.github.migrationchart.maven.ChartComparison.Change;
import io.github.migrationchart.maven.ChartComparison.Difference;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Fails the build when a committed chart is stale. Regenerates the chart from the POM into a
 * temporary directory and compares it, byte for byte, with {@code chartDirectory} (for example
 * {@code deploy/chart/api}, kept in version control so that reviewers see every change to the
 * Kubernetes objects in pull requests). On any difference the build fails with a unified diff per
 * changed, added or removed file, and the command that refreshes the committed chart:
 * {@code mvn migration:generate -Dmigration.outputDirectory=deploy/chart}. The output of
 * {@code migration:generate} is the same bytes on every machine (no timestamps, no absolute paths,
 * sorted, {@code \n} line endings), so a current chart passes the check on any machine.
 */
@Mojo(name = "check", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true)
public class CheckMojo extends AbstractChartMojo {
    private static final String DIRECTORY = ConfigurationErrors.setting("chartDirectory", "migration.chartDirectory");

    /**
     * The committed chart to compare with what the POM generates, e.g. {@code deploy/chart/api}
     * (relative to the project's directory). Its last part must be the chart name, since
     * {@code migration:generate} writes {@code <outputDirectory>/<chartName>}. Required.
     */
    @Parameter(property = "migration.chartDirectory")
    File chartDirectory;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("Skipping migration:check (migration.skip=true)");
            return;
        }
        if (chartDirectory == null) {
            throw new MojoFailureException(ConfigurationErrors.goalMessage("check", List.of(DIRECTORY
                    + " is required: the committed chart to compare with the POM, e.g. -Dmigration.chartDirectory=deploy/chart/"
                    + orEmpty(chartName))));
        }
        RenderedChart chart = new ChartRenderer().render(chartSpec());
        Path committed = ProjectPaths.resolve(project, chartDirectory);
        String shown = ProjectPaths.show(project, committed);
        String refresh = "mvn migration:generate -Dmigration.outputDirectory="
                + ProjectPaths.quoted(ProjectPaths.show(project, committed.getParent()));
        if (!committed.getFileName().toString().equals(chart.name())) {
            throw new MojoFailureException(ConfigurationErrors.goalMessage("check", List.of(DIRECTORY + " = \""
                    + shown + "\": must end with the chart name \"" + chart.name()
                    + "\", the directory migration:generate writes; e.g. "
                    + ProjectPaths.show(project, committed.resolveSibling(chart.name())))));
        }
        if (!Files.isDirectory(committed)) {
            throw new MojoFailureException(ConfigurationErrors.goalMessage("check", List.of(DIRECTORY + " = \""
                    + shown + "\": no such directory. Generate the chart there with: " + refresh)));
        }
        List<Difference> differences = compare(chart, committed);
        if (!differences.isEmpty()) {
            throw new MojoFailureException(staleMessage(shown, differences, refresh));
        }
        getLog().info("Chart " + shown + " is up to date: its " + chart.files().size()
                + " files are byte for byte what the POM generates");
    }

    private static List<Difference> compare(RenderedChart chart, Path committed) throws MojoExecutionException {
        Path temporary = null;
        try {
            temporary = Files.createTempDirectory("migration-check-");
            Path generated = ChartWriter.write(chart, temporary.resolve(chart.name()));
            return ChartComparison.compare(committed, generated);
        } catch (IOException e) {
            throw new MojoExecutionException("Cannot compare the chart with " + committed + ": " + e.getMessage(), e);
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

    private static String orEmpty(String value) {
        return value == null ? "" : value.strip();
    }

    private static void deleteQuietly(Path directory) {
        if (directory != null) {
            try {
                ChartWriter.deleteRecursively(directory);
            } catch (IOException e) {
                // a leftover temporary directory is not worth failing the check for
            }
        }
    }
}
