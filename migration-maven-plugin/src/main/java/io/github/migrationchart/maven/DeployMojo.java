package io.github.migrationchart.maven;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.Release;
import com.marcnuri.helm.UpgradeCommand;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
    private static final String PREFIX = "migration.deploy";
    private static final Pattern DURATION = Pattern.compile("(?:(\\d{1,9})h)?(?:(\\d{1,9})m)?(?:(\\d{1,9})s)?");
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

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
    boolean wait;

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
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("Skipping migration:deploy (migration.skip=true)");
            return;
        }
        List<String> errors = new ArrayList<>();
        HelmValues helmValues = HelmValues.read(values, set, project.getBasedir().toPath(), PREFIX, errors);
        String ns = namespace == null ? "" : namespace.strip();
        if (ns.isEmpty()) {
            errors.add(ConfigurationErrors.setting("namespace", PREFIX + ".namespace")
                    + " is required: the namespace to deploy to, e.g. -Dmigration.deploy.namespace=shop");
        } else if (!NAME.matcher(ns).matches() || ns.length() > 63) {
            errors.add(ConfigurationErrors.setting("namespace", PREFIX + ".namespace") + " = \"" + ns
                    + "\": must be a namespace name (lowercase letters, digits and '-', at most 63 characters)");
        }
        int timeoutSeconds = seconds(timeout, errors);
        int graceSeconds = seconds(podStartGrace, "podStartGrace", true, errors);
        Path kubeconfigPath = kubeconfig == null ? null : ProjectPaths.resolve(project, kubeconfig);
        if (kubeconfigPath != null && !Files.isRegularFile(kubeconfigPath)) {
            errors.add(ConfigurationErrors.setting("kubeconfig", PREFIX + ".kubeconfig") + " = \""
                    + ProjectPaths.show(project, kubeconfigPath) + "\": no such file (" + kubeconfigPath + ")");
        }
        if (!errors.isEmpty()) {
            throw new MojoFailureException(ConfigurationErrors.goalMessage("deploy", errors));
        }

        GeneratedChart chart = generateChart();
        String release = releaseName == null || releaseName.isBlank() ? chart.name() : releaseName.strip();
        UpgradeCommand upgrade = new Helm(chart.directory()).upgrade().install()
                .withName(release).withNamespace(ns).withTimeout(timeoutSeconds);
        if (wait) {
            upgrade.waitReady();
        }
        if (kubeconfigPath != null) {
            upgrade.withKubeConfig(kubeconfigPath);
        }
        helmValues.files().forEach(upgrade::withValuesFile);
        for (Map.Entry<String, String> override : helmValues.overrides().entrySet()) {
            upgrade.set(override.getKey(), override.getValue());
        }
        getLog().info("helm upgrade --install " + release + " " + chart.directory() + " -n " + ns
                + (wait ? " --wait" : "") + " --timeout " + timeoutSeconds + "s");
        MigrationPodWatcher watcher = graceSeconds > 0 && chart.spec().migration().enabled()
                ? MigrationPodWatcher.start(kubeconfigPath, ns, release, Duration.ofSeconds(graceSeconds), getLog()::warn)
                : MigrationPodWatcher.none();
        try {
            Release result = upgrade.call();
            getLog().info("Release " + release + " revision " + result.getRevision() + " in namespace " + ns + ": "
                    + result.getStatus() + " (chart " + chart.name() + " " + chart.version() + ")");
        } catch (IllegalStateException e) {
            watcher.close(); // after its last poll, the watcher's findings are complete
            throw new MojoFailureException(failure(release, ns, kubeconfigPath, e.getMessage(), watcher.failure()));
        } finally {
            watcher.close();
        }
    }

    /** Helm's error, and what the migration Job left behind when it did not succeed. */
    private String failure(String release, String ns, Path kubeconfigPath, String helmError,
                           Optional<MigrationPodWatcher.StartFailure> startFailure) {
        StringBuilder out = new StringBuilder();
        out.append("helm upgrade --install ").append(release).append(" failed in namespace ").append(ns).append(":\n")
                .append(indent(helmError.strip()));
        String kubeconfigOption = kubeconfigPath == null ? "" : " --kubeconfig " + ProjectPaths.quoted(kubeconfigPath.toString());
        // A pod that never ran has no log: then what the kubelet said is the whole story.
        Optional<MigrationJobLog.Report> report = startFailure.isPresent() ? Optional.empty()
                : MigrationJobLog.find(kubeconfigPath, ns, release);
        startFailure.ifPresent(failure -> out.append('\n').append(failure.describe(ns, kubeconfigOption)));
        if (report.isPresent()) {
            MigrationJobLog.Report migration = report.get();
            if (migration.job() == null) {
                out.append("\nThe migration's log ").append(migration.log());
                out.append("\nRead it with: kubectl logs -l ").append(MigrationJobLog.selector(release))
                        .append(" -n ").append(ns).append(kubeconfigOption);
            } else {
                out.append("\nThe migration Job ").append(migration.job()).append(" did not succeed. ");
                out.append(migration.pod() == null ? "" : "Log of its pod " + migration.pod()
                        + " (last " + MigrationJobLog.TAIL_LINES + " lines at most):")
                        .append('\n').append(indent(migration.log().strip()));
                out.append("\nInspect it with: kubectl logs job/").append(migration.job()).append(" -n ").append(ns)
                        .append(kubeconfigOption)
                        .append("\n            and: kubectl describe job/").append(migration.job()).append(" -n ").append(ns)
                        .append(kubeconfigOption);
            }
        }
        if (startFailure.isPresent() || report.isPresent()) {
            out.append("\nHelm stopped before the Deployment: the pods of the previous release, if any, keep serving.");
        }
        return out.toString();
    }

    /** The {@code timeout}: a Go-style duration ({@code 90s}, {@code 5m}, {@code 1h30m}) or plain seconds, in seconds. */
    static int seconds(String duration, List<String> errors) {
        return seconds(duration, "timeout", false, errors);
    }

    /** A Go-style duration or plain seconds, in seconds; a problem with it is added to {@code errors}, naming {@code setting}. */
    static int seconds(String duration, String setting, boolean zeroAllowed, List<String> errors) {
        String value = duration == null ? "" : duration.strip();
        Matcher matcher = DURATION.matcher(value);
        if (value.matches("\\d{1,9}")) {
            return Integer.parseInt(value);
        }
        if (!value.isEmpty() && matcher.matches()) {
            long total = 3600L * group(matcher, 1) + 60L * group(matcher, 2) + group(matcher, 3);
            if ((total > 0 || zeroAllowed) && total <= Integer.MAX_VALUE) {
                return (int) total;
            }
        }
        errors.add(ConfigurationErrors.setting(setting, PREFIX + "." + setting) + " = \"" + value
                + "\": must be a duration such as " + (zeroAllowed ? "5s, 1m or 0 (or plain seconds)" : "90s, 5m or 1h30m (or plain seconds)"));
        return 0;
    }

    private static long group(Matcher matcher, int group) {
        return matcher.group(group) == null ? 0 : Long.parseLong(matcher.group(group));
    }

    private static String indent(String text) {
        return "  " + text.replace("\n", "\n  ");
    }
}
