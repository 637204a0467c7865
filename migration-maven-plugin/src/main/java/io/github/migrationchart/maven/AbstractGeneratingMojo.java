package io.github.migrationchart.maven;

import io.github.migrationchart.core.model.ChartSpec;
import io.github.migrationchart.plugins.common.Booleans;
import io.github.migrationchart.plugins.common.ChartGeneration;
import io.github.migrationchart.plugins.common.ChartGeneration.GeneratedChart;
import io.github.migrationchart.plugins.common.GoalFailure;
import io.github.migrationchart.plugins.common.PluginSettings;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A goal that needs the chart on disk: it generates the chart into {@code <outputDirectory>/<chartName>}
 * exactly as {@code migration:generate} does (rendered, checked by Helm in a staging copy, written
 * atomically), then works on that directory.
 */
abstract class AbstractGeneratingMojo extends AbstractChartMojo {

    /** Directory that receives the chart, as {@code <outputDirectory>/<chartName>}. */
    @Parameter(property = "migration.outputDirectory", defaultValue = "${project.build.directory}/helm")
    File outputDirectory;

    /** Skip the in-build {@code helm lint --strict} and {@code helm template} of the generated chart. */
    @Parameter(property = "migration.lint.skip", defaultValue = "false")
    String skipLint;

    /**
     * Generate the chart even when the one in {@code outputDirectory} is up to date. A chart is kept
     * when the inputs (the effective configuration, the plugin's code and templates) have not
     * changed since it was generated, Helm checked it then (unless {@code skipLint}), and none of its
     * files changed since; {@code target/helm/.<chartName>.generated} records that.
     */
    @Parameter(property = "migration.force", defaultValue = "false")
    String force;

    /** Problems with {@code skipLint} and {@code force}, for the goal to report with its own. */
    final List<String> generationErrors() {
        List<String> errors = new ArrayList<>();
        Booleans.read(skipLint, PluginSettings.SKIP_LINT, false, errors);
        Booleans.read(force, PluginSettings.FORCE, false, errors);
        return errors;
    }

    /** Generates the chart of a valid configuration: checked by Helm, then written in place of the previous one. */
    final GeneratedChart generateChart(ChartSpec spec) throws MojoExecutionException, MojoFailureException {
        ChartGeneration.warnings(spec).forEach(getLog()::warn);
        boolean lint = !Booleans.read(skipLint, PluginSettings.SKIP_LINT, false, new ArrayList<>());
        boolean regenerate = Booleans.read(force, PluginSettings.FORCE, false, new ArrayList<>());
        Path directory = outputDirectory.toPath().toAbsolutePath().normalize();
        try {
            return ChartGeneration.generate(spec, directory, lint, regenerate, getLog()::info);
        } catch (GoalFailure e) {
            throw new MojoFailureException(e.getMessage());
        } catch (IOException e) {
            throw new MojoExecutionException("Cannot write the chart to " + directory + ": " + e.getMessage(), e);
        }
    }
}
