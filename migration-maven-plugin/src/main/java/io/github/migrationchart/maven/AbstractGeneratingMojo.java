package io.github.migrationchart.maven;

import io.github.migrationchart.core.model.ChartSpec;
import io.github.migrationchart.core.render.ChartRenderer;
import io.github.migrationchart.core.render.ChartWriter;
import io.github.migrationchart.core.render.RenderedChart;
import io.github.migrationchart.core.validation.CredentialCheck;
import io.github.migrationchart.core.validation.RunAsUserCheck;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
    boolean skipLint;

    /** The chart described by the POM, and the directory it was written to. */
    record GeneratedChart(ChartSpec spec, Path directory) {
        String name() {
            return spec.chart().name();
        }

        String version() {
            return spec.chart().version();
        }
    }

    /**
     * Generates the chart: every configuration problem at once, else the chart checked by Helm and
     * written in place of the previous one.
     */
    final GeneratedChart generateChart() throws MojoExecutionException, MojoFailureException {
        ChartSpec spec = chartSpec();
        CredentialCheck.suspiciousEntries(spec).forEach(problem -> getLog().warn(SettingNames.describeEntry(problem)));
        RunAsUserCheck.unknownUsers(spec).forEach(problem -> getLog().warn(SettingNames.translate(problem.message())));
        RenderedChart chart = new ChartRenderer().render(spec);
        Path target = outputDirectory.toPath().resolve(chart.name());
        try {
            if (!skipLint) {
                checkInStaging(chart);
            }
            target = ChartWriter.write(chart, target);
        } catch (IOException e) {
            throw new MojoExecutionException("Cannot write the chart to " + target + ": " + e.getMessage(), e);
        }
        getLog().info("Helm chart " + chart.name() + " " + spec.chart().version() + " written to " + target
                + (skipLint ? "" : " (helm lint --strict and helm template passed)"));
        return new GeneratedChart(spec, target);
    }

    /** Checks a copy in a temporary directory, so a chart that fails never replaces a good one. */
    private void checkInStaging(RenderedChart chart) throws IOException, MojoFailureException {
        Files.createDirectories(outputDirectory.toPath());
        Path staging = Files.createTempDirectory(outputDirectory.toPath(), ".lint-");
        try {
            Path chartDirectory = ChartWriter.write(chart, staging.resolve(chart.name()));
            List<String> failures = HelmCheck.failures(chartDirectory);
            if (!failures.isEmpty()) {
                throw new MojoFailureException("Helm rejects the generated chart " + chart.name()
                        + ":\n  " + String.join("\n  ", failures)
                        + "\nThis is a bug of migration-maven-plugin; please report it with your <configuration>."
                        + " Set <skipLint>true</skipLint> (-Dmigration.lint.skip=true) to write the chart anyway.");
            }
        } finally {
            ChartWriter.deleteRecursively(staging);
        }
    }
}
