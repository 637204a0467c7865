package io.github.migrationchart.maven;

import io.github.migrationchart.core.model.ChartSpec;
import io.github.migrationchart.core.render.ChartRenderer;
import io.github.migrationchart.core.render.ChartWriter;
import io.github.migrationchart.core.render.RenderedChart;
import io.github.migrationchart.core.validation.CredentialCheck;
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
 * Generates the Helm chart: the application's Deployment and Service, and the migration Job that
 * Helm runs before every install and upgrade. The chart is checked with {@code helm lint --strict}
 * and {@code helm template} (Helm as a library, no CLI needed) before it replaces the previous one,
 * so a failed build never leaves a half-written or broken chart behind.
 */
@Mojo(name = "generate", defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true)
public class GenerateMojo extends AbstractChartMojo {

    /** Directory that receives the chart, as {@code <outputDirectory>/<chartName>}. */
    @Parameter(property = "migration.outputDirectory", defaultValue = "${project.build.directory}/helm")
    File outputDirectory;

    /** Skip the in-build {@code helm lint --strict} and {@code helm template} of the generated chart. */
    @Parameter(property = "migration.lint.skip", defaultValue = "false")
    boolean skipLint;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("Skipping chart generation (migration.skip=true)");
            return;
        }
        ChartSpec spec = chartSpec();
        CredentialCheck.suspiciousEntries(spec).forEach(problem -> getLog().warn(SettingNames.describeEntry(problem)));
        RenderedChart chart = new ChartRenderer().render(spec);
        Path target = outputDirectory.toPath().resolve(chart.name());
        try {
            if (!skipLint) {
                checkInStaging(chart);
            }
            ChartWriter.write(chart, target);
        } catch (IOException e) {
            throw new MojoExecutionException("Cannot write the chart to " + target + ": " + e.getMessage(), e);
        }
        getLog().info("Helm chart " + chart.name() + " " + spec.chart().version() + " written to " + target
                + (skipLint ? "" : " (helm lint --strict and helm template passed)"));
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
