package io.github.migrationchart.maven;

import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
    private static final String PREFIX = "migration.render";

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
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("Skipping migration:render (migration.skip=true)");
            return;
        }
        List<String> errors = new ArrayList<>();
        HelmValues helmValues = HelmValues.read(values, set, project.getBasedir().toPath(), PREFIX, errors);
        if (!errors.isEmpty()) {
            throw new MojoFailureException(ConfigurationErrors.goalMessage("render", errors));
        }
        GeneratedChart chart = generateChart();
        String release = releaseName == null || releaseName.isBlank() ? chart.name() : releaseName.strip();
        String manifests;
        try {
            manifests = ManifestRenderer.render(chart.directory(), release, namespace, helmValues);
        } catch (IllegalStateException e) {
            throw new MojoFailureException("helm template of release " + release + " (chart " + chart.name()
                    + ") failed for the given values:\n" + e.getMessage().strip()
                    + "\nCheck " + ConfigurationErrors.setting("values", PREFIX + ".values") + " and "
                    + ConfigurationErrors.setting("set", PREFIX + ".set") + ".");
        } catch (IOException e) {
            throw new MojoExecutionException("Cannot render the chart " + chart.directory() + ": " + e.getMessage(), e);
        }
        String summary = ManifestRenderer.objectCount(manifests) + " objects of release " + release
                + " in namespace " + namespace + ", hooks included";
        if (output != null) {
            Path file = ProjectPaths.resolve(project, output);
            try {
                Files.createDirectories(file.getParent());
                Files.writeString(file, manifests, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new MojoExecutionException("Cannot write " + file + ": " + e.getMessage(), e);
            }
            getLog().info("Rendered " + summary + ", written to " + ProjectPaths.show(project, file));
        } else {
            getLog().info("Rendered " + summary + ":");
            manifests.lines().forEach(getLog()::info);
        }
    }
}
