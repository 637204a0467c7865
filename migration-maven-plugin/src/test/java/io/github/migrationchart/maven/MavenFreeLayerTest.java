package io.github.migrationchart.maven;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What migration:deploy does next to Helm (reading the failed migration's log, watching its pod and
 * ending a Job that cannot start) needs no Maven: the Mojo only adapts settings and its log.
 */
class MavenFreeLayerTest {
    private static final Path SOURCES = Path.of("src/main/java/io/github/migrationchart/maven");

    @Test
    void deployHelpersImportNoMaven() throws IOException {
        List<String> offenders = new ArrayList<>();
        for (String name : List.of("MigrationJobLog", "MigrationPodWatcher", "PodStart", "StuckPodDetector")) {
            String source = Files.readString(SOURCES.resolve(name + ".java"));
            if (source.contains("org.apache.maven") || source.contains("org.codehaus.plexus")) {
                offenders.add(name);
            }
        }
        assertEquals(List.of(), offenders);
    }
}
