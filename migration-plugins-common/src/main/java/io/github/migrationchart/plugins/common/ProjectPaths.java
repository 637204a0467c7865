package io.github.migrationchart.plugins.common;

import java.io.File;
import java.nio.file.Path;

/** Paths given as settings: relative ones are relative to the project, and shown that way. */
public final class ProjectPaths {
    private ProjectPaths() {}

    /** {@code file} resolved against the project directory when relative, absolute and normalized. */
    public static Path resolve(Path projectDirectory, File file) {
        return projectDirectory.resolve(file.toPath()).toAbsolutePath().normalize();
    }

    /** The path relative to {@code directory} when inside it, with '/' separators; else absolute. */
    public static String show(Path directory, Path path) {
        Path base = directory.toAbsolutePath().normalize();
        Path absolute = path.toAbsolutePath().normalize();
        if (absolute.equals(base)) {
            return ".";
        }
        if (!absolute.startsWith(base)) {
            return absolute.toString();
        }
        return base.relativize(absolute).toString().replace(File.separatorChar, '/');
    }

    /** Quoted for a shell when it holds characters a shell would split or expand. */
    public static String quoted(String argument) {
        return argument.matches("[A-Za-z0-9_./:@%+=,-]+") ? argument : "'" + argument.replace("'", "'\\''") + "'";
    }
}
