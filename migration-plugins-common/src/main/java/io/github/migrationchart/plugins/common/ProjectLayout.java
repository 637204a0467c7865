package io.github.migrationchart.plugins.common;

import java.nio.file.Path;

/**
 * Where a project keeps its files, as settings that name files need it.
 *
 * @param projectDirectory the project's directory; relative paths in settings resolve against it
 * @param buildDirectory   where the build writes (Maven's {@code target}), where image builders leave
 *                         the digest of the image they built
 */
public record ProjectLayout(Path projectDirectory, Path buildDirectory) {
    /** Jib's record of the image it built: its name and digest. */
    public static final String JIB_IMAGE_JSON = "jib-image.json";
    /** The directory of the project's own chart files, by default. */
    public static final String CHART_ADDITIONS = "src/main/helm";

    public Path defaultImageDigestFile() {
        return buildDirectory.resolve(JIB_IMAGE_JSON).toAbsolutePath().normalize();
    }

    public Path defaultChartAdditions() {
        return projectDirectory.resolve(CHART_ADDITIONS).toAbsolutePath().normalize();
    }

    public Path resolve(String path) {
        return projectDirectory.resolve(path).toAbsolutePath().normalize();
    }

    public String show(Path path) {
        return ProjectPaths.show(projectDirectory, path);
    }
}
