package io.github.migrationchart.maven;

import io.github.migrationchart.plugins.common.ChartGeneration.GeneratedChart;
import io.github.migrationchart.plugins.common.DeploySettings;
import io.github.migrationchart.plugins.common.GoalFailure;
import io.github.migrationchart.plugins.common.ReleaseDeployment;
import io.github.migrationchart.plugins.common.Validated;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import java.io.File;
import java.util.ArrayList;
import java.util.List;

/**
 * Installs or upgrades the release, as {@code helm upgrade --install --wait} does (through
 * helm-java, no CLI needed): {@code mvn migration:deploy -Dmigration.deploy.namespace=shop
 * -Dmigration.deploy.values=values-prod.yaml}. Helm runs the migration Job first and touches the
 * Deployment only if it succeeds. When the release fails and the migration Job did not succeed,
 * the build prints the last lines of the Job's pod log and the {@code kubectl logs job/...}
 * command to read all of it, then fails. While Helm waits, the migration pod is watched: when it
 * cannot start ({@code CreateContainerConfigError}, an image pull error, unschedulable) for
 * {@code podStartGrace}, the Job is ended at once instead of at its deadline, and the build prints
 * the kubelet's reason and the setting that fixes it. The chart is generated first, as
 * {@code migration:generate} does. Never bound to a phase: deploying is run on purpose.
 */
@Mojo(name = "deploy", threadSafe = true)
public class DeployMojo extends AbstractGeneratingMojo {

    /** Namespace of the release (it must exist). Required. */
    @Parameter(property = "migration.deploy.namespace")
    String namespace;

    /** Release name; the chart name when empty. */
    @Parameter(property = "migration.deploy.releaseName")
    String releaseName;

    /**
     * Values files, as {@code helm upgrade -f}; later files win. Comma-separated on the command
     * line: {@code -Dmigration.deploy.values=values-prod.yaml,values-eu.yaml}. Relative to the project.
     */
    @Parameter(property = "migration.deploy.values")
    List<File> values;

    /**
     * Overrides as {@code helm --set}: {@code key=value}, comma-separated on the command line:
     * {@code -Dmigration.deploy.set=image.tag=2.0}. They win over the values files. Numbers and
     * {@code true}/{@code false} are typed as with {@code --set}; put a value that must stay a
     * string in a values file.
     */
    @Parameter(property = "migration.deploy.set")
    List<String> set;

    /** Wait until the release's objects are ready ({@code --wait}); the migration hook is always waited for. */
    @Parameter(property = "migration.deploy.wait", defaultValue = "true")
    String wait;

    /**
     * How long Helm waits for the migration Job and, with {@code wait}, for the rollout
     * ({@code --timeout}): {@code 300}, {@code 90s}, {@code 5m}, {@code 1h30m}. Keep it above the
     * Job's {@code activeDeadlineSeconds} (270 by default).
     */
    @Parameter(property = "migration.deploy.timeout", defaultValue = "5m")
    String timeout;

    /**
     * How long the migration pod may be unable to start ({@code CreateContainerConfigError},
     * {@code CreateContainerError}, an image pull error, unschedulable) before this goal ends its Job
     * instead of letting Helm wait for the Job's deadline: {@code 5s}, {@code 1m} or plain seconds;
     * {@code 0} waits for the deadline. A pod that a node autoscaler is bringing a node for is never
     * ended; raise the grace for registries that fail a pull and then answer on the kubelet's retry.
     */
    @Parameter(property = "migration.deploy.podStartGrace", defaultValue = "5s")
    String podStartGrace;

    /** The kubeconfig file; when empty, as kubectl: {@code $KUBECONFIG}, then {@code ~/.kube/config}. */
    @Parameter(property = "migration.deploy.kubeconfig")
    File kubeconfig;

    @Override
    String goal() {
        return "deploy";
    }

    @Override
    void run() throws MojoExecutionException, MojoFailureException {
        Validated<DeploySettings> settings = DeploySettings.read(new DeploySettings.Given(namespace, releaseName, values, set,
                wait, timeout, podStartGrace, kubeconfig), projectDirectory());
        List<String> errors = new ArrayList<>(settings.errors());
        errors.addAll(generationErrors());
        GeneratedChart chart = generateChart(validChart(errors));
        try {
            ReleaseDeployment.deploy(chart, settings.value(), getLog()::info, getLog()::warn);
        } catch (GoalFailure e) {
            throw new MojoFailureException(e.getMessage());
        }
    }
}
