package io.github.migrationchart.maven;

import io.github.migrationchart.core.model.ChartSpec;
import io.github.migrationchart.plugins.common.CommittedChart;
import io.github.migrationchart.plugins.common.GoalFailure;
import io.github.migrationchart.plugins.common.PluginSettings;
import io.github.migrationchart.plugins.common.Validated;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;

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

    /**
     * The committed chart to compare with what the POM generates, e.g. {@code deploy/chart/api}
     * (relative to the project's directory). Its last part must be the chart name, since
     * {@code migration:generate} writes {@code <outputDirectory>/<chartName>}. Required.
     */
    @Parameter(property = "migration.check.chartDirectory")
    File chartDirectory;

    @Override
    String goal() {
        return "check";
    }

    @Override
    void run() throws MojoExecutionException, MojoFailureException {
        File given = deprecatedValue(PluginSettings.CHECK_CHART_DIRECTORY).map(File::new).orElse(chartDirectory);
        Validated<ChartSpec> chart = chartSettings();
        Validated<Path> committed = CommittedChart.directory(given, projectDirectory(), chart.value().chart().name());
        ChartSpec spec = validChart(chart, committed.errors());
        try {
            getLog().info(CommittedChart.check(spec, committed.value(), projectDirectory()));
        } catch (GoalFailure e) {
            throw new MojoFailureException(e.getMessage());
        } catch (IOException e) {
            throw new MojoExecutionException("Cannot compare the chart with " + committed.value() + ": " + e.getMessage(), e);
        }
    }
}
