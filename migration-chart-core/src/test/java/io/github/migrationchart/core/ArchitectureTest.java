package io.github.migrationchart.core;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The core is a plain library: usable from any JVM program, without Maven. */
class ArchitectureTest {

    @Test
    void noMavenApiOnTheClasspath() {
        assertThrows(ClassNotFoundException.class, () -> Class.forName("org.apache.maven.plugin.Mojo"));
    }

    @Test
    void noSourceImportsMaven() throws IOException {
        try (Stream<Path> sources = Files.walk(Path.of("src/main/java"))) {
            List<Path> offenders = sources.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> read(p).contains("org.apache.maven") || read(p).contains("org.codehaus.plexus"))
                    .toList();
            assertEquals(List.of(), offenders);
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
