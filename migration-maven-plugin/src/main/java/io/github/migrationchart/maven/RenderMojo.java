package io.github.migrationchart.maven;

import io.github.migrationchart.core.model.ChartSpec;
import io.github.migrationchart.plugins.common.GoalFailure;
import io.github.migrationchart.plugins.common.ReleaseRendering;
import io.github.migrationchart.plugins.common.RenderSettings;
import io.github.migrationchart.plugins.common.Validated;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Prints the Kubernetes objects the chart creates for given values, fully rendered by Helm
 * ({@code helm template} through helm-java, no CLI needed), so that reviewers can diff real
 * objects: {@code mvn migration:render -Dmigration.render.values=values-prod.yaml
 * -Dmigration.render.set=image.tag=2.0,replicaCount=3}. The hooks are included, among them the
 * migration Job with its {@code helm.sh/hook: pre-install,pre-upgrade} annotation (helm-java's
 * template leaves hooks out; see the README for the workaround). The chart is generated first, as
 * {@code migration:generate} does. The manifests go to the build log, or to one file with
 * {@code -Dmigration.render.output=target/manifests.yaml}.
 */
@Mojo(name = "render", threadSafe = true)
public class RenderMojo extends AbstractGeneratingMojo {

    /**
     * Values files, as {@code helm template -f}; later files win. Comma-separated on the command
     * line: {@code -Dmigration.render.values=values-prod.yaml,values-eu.yaml}. Relative to the project.
     */
    @Parameter(property = "migration.render.values")
    List<File> values;

    /**
     * Overrides as {@code helm --set}: {@code key=value}, comma-separated on the command line:
     * {@code -Dmigration.render.set=image.tag=2.0,replicaCount=3}. They win over the values files.
     * Numbers and {@code true}/{@code false} are typed as with {@code --set}; put a value that must
     * stay a string in a values file.
     */
    @Parameter(property = "migration.render.set")
    List<String> set;

    /** Write the manifests to this file (relative to the project) instead of the build log. */
    @Parameter(property = "migration.render.output")
    File output;

    /** Release name the objects are rendered for; the chart name when empty. */
    @Parameter(property = "migration.render.releaseName")
    String releaseName;

    /** Namespace the objects are rendered for. */
    @Parameter(property = "migration.render.namespace", defaultValue = "default")
    String namespace;

    @Override
    String goal() {
        return "render";
    }

    @Override
    void run() throws MojoExecutionException, MojoFailureException {
        Validated<RenderSettings> settings = RenderSettings.read(
                new RenderSettings.Given(values, set, output, releaseName, namespace), projectDirectory());
        List<String> errors = new ArrayList<>(settings.errors());
        errors.addAll(generationErrors());
        ChartSpec spec = validChart(errors);
        try {
            ReleaseRendering.render(generateChart(spec), settings.value(), projectDirectory(), getLog()::info);
        } catch (GoalFailure e) {
            throw new MojoFailureException(e.getMessage());
        } catch (IOException e) {
            throw new MojoExecutionException("Cannot render the chart of " + spec.chart().name() + ": " + e.getMessage(), e);
        }
    }
}
