package io.github.migrationchart.maven;

import org.apache.maven.project.MavenProject;

import java.io.File;
import java.nio.file.Path;

/** Paths given as settings: relative ones are relative to the project, and shown that way. */
final class ProjectPaths {
    private ProjectPaths() {}

    static Path resolve(MavenProject project, File file) {
        return project.getBasedir().toPath().resolve(file.toPath()).toAbsolutePath().normalize();
    }

    /** The path relative to the project directory when inside it, with '/' separators; else absolute. */
    static String show(MavenProject project, Path path) {
        return show(project.getBasedir().toPath(), path);
    }

    /** The path relative to {@code directory} when inside it, with '/' separators; else absolute. */
    static String show(Path directory, Path path) {
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
    static String quoted(String argument) {
        return argument.matches("[A-Za-z0-9_./:@%+=,-]+") ? argument : "'" + argument.replace("'", "'\\''") + "'";
    }
}
