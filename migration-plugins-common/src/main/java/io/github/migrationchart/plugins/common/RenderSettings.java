package io.github.migrationchart.plugins.common;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static io.github.migrationchart.plugins.common.PluginSettings.*;

/**
 * The settings of {@code migration:render}, checked before anything is generated.
 *
 * @param output the file to write the manifests to; empty for the build log
 */
public record RenderSettings(ReleaseTarget release, HelmValues values, Optional<Path> output) {

    /** The settings as the build tool gives them; relative paths are relative to the project directory. */
    public record Given(List<File> values, List<String> set, File output, String releaseName, String namespace) {}

    public static Validated<RenderSettings> read(Given given, Path projectDirectory) {
        List<String> errors = new ArrayList<>();
        HelmValues values = HelmValues.read(given.values(), given.set(), projectDirectory, RENDER_VALUES, RENDER_SET, errors);
        String namespace = given.namespace() == null || given.namespace().isBlank() ? "default" : given.namespace();
        ReleaseTarget release = ReleaseTarget.read(given.releaseName(), RENDER_RELEASE_NAME, namespace, RENDER_NAMESPACE, errors);
        Optional<Path> output = Optional.ofNullable(given.output())
                .filter(file -> !file.getPath().isBlank())
                .map(file -> ProjectPaths.resolve(projectDirectory, file));
        return Validated.of(new RenderSettings(release, values, output), errors);
    }
}
