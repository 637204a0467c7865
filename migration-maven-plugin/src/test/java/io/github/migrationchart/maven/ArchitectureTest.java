package io.github.migrationchart.maven;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Thin Mojos over a Maven-free layer, as Jib's jib-plugins-common: the Maven package holds only
 * what needs Maven (the Mojos and their adapters); everything else lives in the module
 * migration-plugins-common, which has no Maven API on its class path (the compiler enforces
 * that), so that another front end (migration-chart-cli, one day Gradle) is a small adapter.
 */
class ArchitectureTest {
    private static final Path MAVEN = Path.of("src/main/java/io/github/migrationchart/maven");

    @Test
    void everyClassOfTheMavenPackageNeedsMaven() throws IOException {
        List<String> offenders = sources(MAVEN).stream().filter(source -> !usesMaven(source)).map(Path::toString).toList();
        assertEquals(List.of(), offenders, "these need no Maven: move them to plugins.common");
    }

    private static boolean usesMaven(Path source) {
        String text = read(source);
        return text.contains("import org.apache.maven.") || text.contains("import org.codehaus.plexus.");
    }

    /** The sources of the package and of its subpackages (plugins.common.kube belongs to the common layer). */
    private static List<Path> sources(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(file -> file.toString().endsWith(".java")).sorted().toList();
        }
    }

    private static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
