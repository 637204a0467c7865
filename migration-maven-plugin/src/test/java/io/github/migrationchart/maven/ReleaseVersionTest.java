package io.github.migrationchart.maven;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The version is set in one place, {@code <revision>} of the root POM ({@code .ci/set-version}
 * changes it); the copies a user reads or runs on their own name the same one, and the changelog
 * has a section for it.
 */
class ReleaseVersionTest {
    private static final Path ROOT = Path.of("..");
    private static final Pattern PLUGIN_VERSION = Pattern.compile(
            "<artifactId>migration-maven-plugin</artifactId>\\s*<version>([^<]+)</version>");

    private static String revision() throws IOException {
        Matcher revision = Pattern.compile("<revision>([^<]+)</revision>").matcher(Files.readString(ROOT.resolve("pom.xml")));
        if (!revision.find()) {
            throw new AssertionError("no <revision> in the root pom.xml");
        }
        return revision.group(1);
    }

    @Test
    void examplesAndReadmeUseTheVersionTheBuildMakes() throws IOException {
        String version = revision();
        List<String> wrong = new ArrayList<>();
        for (String file : List.of("README.md", "examples/laravel-api/pom.xml", "examples/spring-flyway/pom.xml")) {
            Matcher use = PLUGIN_VERSION.matcher(Files.readString(ROOT.resolve(file)));
            int uses = 0;
            while (use.find()) {
                uses++;
                if (!use.group(1).equals(version)) {
                    wrong.add(file + " names migration-maven-plugin " + use.group(1));
                }
            }
            if (uses == 0) {
                wrong.add(file + " names no version of migration-maven-plugin");
            }
        }
        for (String file : List.of("bench/projects/migration-chart/pom.xml", "bench/jmh/pom.xml", "bench/lib/common.sh",
                "bench/scaling.sh")) {
            if (!Files.readString(ROOT.resolve(file)).contains(version)) {
                wrong.add(file + " does not name " + version);
            }
        }
        assertEquals(List.of(), wrong, "the root pom.xml builds " + version + "; run .ci/set-version " + version);
    }

    @Test
    void theChangelogHasASectionForTheVersion() throws IOException {
        String release = revision().replace("-SNAPSHOT", "");
        String changelog = Files.readString(ROOT.resolve("CHANGELOG.md"));
        Matcher section = Pattern.compile("(?m)^## \\[" + Pattern.quote(release) + "] - (unreleased|\\d{4}-\\d{2}-\\d{2})$")
                .matcher(changelog);
        assertEquals(true, section.find(), "CHANGELOG.md needs a section '## [" + release + "] - unreleased' (or its date)");
        assertEquals(true, changelog.contains("\n[" + release + "]: "), "CHANGELOG.md needs the link [" + release + "]: ...");
    }
}
