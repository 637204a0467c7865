package io.github.migrationchart.plugins.common;

import io.github.migrationchart.core.validation.Problem;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static io.github.migrationchart.plugins.common.PluginSettings.*;

/**
 * The settings of {@code migration:deploy}, checked before anything is generated.
 *
 * @param kubeconfig the kubeconfig file; empty for kubectl's default ({@code $KUBECONFIG}, then {@code ~/.kube/config})
 */
public record DeploySettings(ReleaseTarget release, HelmValues values, boolean waitReady, int timeoutSeconds,
                             int podStartGraceSeconds, Optional<Path> kubeconfig) {

    /** The settings as the build tool gives them; relative paths are relative to {@code projectDirectory}. */
    public record Given(String namespace, String releaseName, List<File> values, List<String> set, String waitReady,
                        String timeout, String podStartGrace, File kubeconfig) {}

    /** The settings, or every problem with them, each naming the setting and its property. */
    public static Validated<DeploySettings> read(Given given, Path projectDirectory) {
        List<String> errors = new ArrayList<>();
        ReleaseTarget release = ReleaseTarget.read(given.releaseName(), DEPLOY_RELEASE_NAME,
                given.namespace(), DEPLOY_NAMESPACE, errors);
        HelmValues values = HelmValues.read(given.values(), given.set(), projectDirectory, DEPLOY_VALUES, DEPLOY_SET, errors);
        boolean waitReady = Booleans.read(given.waitReady(), DEPLOY_WAIT, true, errors);
        int timeout = Durations.seconds(orDefault(given.timeout(), "5m"), DEPLOY_TIMEOUT, false, errors);
        int grace = Durations.seconds(orDefault(given.podStartGrace(), "5s"), DEPLOY_POD_START_GRACE, true, errors);
        Optional<Path> kubeconfig = Optional.ofNullable(given.kubeconfig())
                .filter(file -> !file.getPath().isBlank())
                .map(file -> ProjectPaths.resolve(projectDirectory, file));
        kubeconfig.filter(path -> !Files.isRegularFile(path)).ifPresent(path -> errors.add(DEPLOY_KUBECONFIG.display()
                + " = \"" + Problem.printable(ProjectPaths.show(projectDirectory, path)) + "\": no such file ("
                + Problem.printable(path.toString()) + ")"));
        return Validated.of(new DeploySettings(release, values, waitReady, timeout, grace, kubeconfig), errors);
    }

    private static String orDefault(String value, String defaultValue) {
        return value == null || value.isBlank() ? defaultValue : value;
    }
}
