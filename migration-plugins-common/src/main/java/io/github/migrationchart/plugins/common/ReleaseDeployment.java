package io.github.migrationchart.plugins.common;

import com.marcnuri.helm.Release;
import com.marcnuri.helm.UpgradeCommand;
import io.github.migrationchart.plugins.common.ChartGeneration.GeneratedChart;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@code helm upgrade --install} of a generated chart through helm-java, with the migration pod
 * watched while Helm waits, and what the migration left behind when it did not succeed.
 */
public final class ReleaseDeployment {
    private ReleaseDeployment() {}

    /**
     * Installs or upgrades the release; {@code info} and {@code warn} get what the build log shows.
     *
     * @throws GoalFailure when Helm fails: Helm's error, the migration pod's log or why it could
     *                     not start, and the commands to look further
     */
    public static void deploy(GeneratedChart chart, DeploySettings settings, Consumer<String> info, Consumer<String> warn)
            throws GoalFailure {
        String release = settings.release().releaseFor(chart.name());
        String namespace = settings.release().namespace();
        Path kubeconfig = settings.kubeconfig().orElse(null);
        UpgradeCommand upgrade = new UpgradeCommand(HelmLibrary.get(), chart.directory()).install()
                .withName(release).withNamespace(namespace).withTimeout(settings.timeoutSeconds());
        if (settings.waitReady()) {
            upgrade.waitReady();
        }
        if (kubeconfig != null) {
            upgrade.withKubeConfig(kubeconfig);
        }
        settings.values().files().forEach(upgrade::withValuesFile);
        for (Map.Entry<String, String> override : settings.values().overrides().entrySet()) {
            upgrade.set(override.getKey(), override.getValue());
        }
        info.accept("helm upgrade --install " + release + " " + chart.directory() + " -n " + namespace
                + (settings.waitReady() ? " --wait" : "") + " --timeout " + settings.timeoutSeconds() + "s");
        MigrationPodWatcher watcher = settings.podStartGraceSeconds() > 0 && chart.spec().migration().enabled()
                ? MigrationPodWatcher.start(kubeconfig, namespace, release, Duration.ofSeconds(settings.podStartGraceSeconds()), warn)
                : MigrationPodWatcher.none();
        try {
            Release result = upgrade.call();
            info.accept("Release " + release + " revision " + result.getRevision() + " in namespace " + namespace + ": "
                    + result.getStatus() + " (chart " + chart.name() + " " + chart.version() + ")");
        } catch (IllegalStateException e) {
            watcher.close(); // after its last poll, the watcher's findings are complete
            throw new GoalFailure(failure(release, namespace, kubeconfig, e.getMessage(), watcher.failure()));
        } finally {
            watcher.close();
        }
    }

    /** Helm's error, and what the migration Job left behind when it did not succeed. */
    private static String failure(String release, String ns, Path kubeconfigPath, String helmError,
                                  Optional<MigrationPodWatcher.StartFailure> startFailure) {
        StringBuilder out = new StringBuilder();
        out.append("helm upgrade --install ").append(release).append(" failed in namespace ").append(ns).append(":\n")
                .append(indent(String.valueOf(helmError).strip()));
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

    private static String indent(String text) {
        return "  " + text.replace("\n", "\n  ");
    }
}
