package io.github.migrationchart.maven;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class HelmValuesTest {

    @Test
    void readsFilesRelativeToTheProjectAndOverridesInOrder(@TempDir Path project) throws IOException {
        Files.writeString(project.resolve("values-prod.yaml"), "replicaCount: 2\n");
        List<String> errors = new ArrayList<>();

        HelmValues values = HelmValues.read(List.of(new File("values-prod.yaml"), new File("")),
                List.of("image.tag=2.0", " replicaCount=3", "annotations.a\\.b=x=y", ""), project, "migration.render", errors);

        assertEquals(List.of(), errors);
        assertEquals(List.of(project.resolve("values-prod.yaml")), values.files());
        assertEquals(List.of(Map.entry("image.tag", "2.0"), Map.entry("replicaCount", "3"), Map.entry("annotations.a\\.b", "x=y")),
                List.copyOf(values.overrides().entrySet()));
    }

    @Test
    void namesTheSettingAndItsPropertyInEveryProblem(@TempDir Path project) {
        List<String> errors = new ArrayList<>();

        HelmValues.read(List.of(new File("missing.yaml")), List.of("replicaCount", "=3"), project, "migration.deploy", errors);

        assertEquals(List.of(
                "<values> (-Dmigration.deploy.values) = \"missing.yaml\": no such file (" + project.resolve("missing.yaml") + ")",
                "<set> (-Dmigration.deploy.set) = \"replicaCount\": must be key=value, e.g. image.tag=2.0"
                        + " (several separated by commas: image.tag=2.0,replicaCount=3)",
                "<set> (-Dmigration.deploy.set) = \"=3\": must be key=value, e.g. image.tag=2.0"
                        + " (several separated by commas: image.tag=2.0,replicaCount=3)"), errors);
    }

    @Test
    void deployTimeoutAcceptsGoDurationsAndPlainSeconds() {
        List<String> errors = new ArrayList<>();

        assertEquals(300, DeployMojo.seconds("5m", errors));
        assertEquals(90, DeployMojo.seconds("90s", errors));
        assertEquals(5400, DeployMojo.seconds("1h30m", errors));
        assertEquals(120, DeployMojo.seconds("120", errors));
        assertEquals(List.of(), errors);

        DeployMojo.seconds("five minutes", errors);
        assertEquals(List.of("<timeout> (-Dmigration.deploy.timeout) = \"five minutes\": must be a duration such as 90s,"
                + " 5m or 1h30m (or plain seconds)"), errors);
    }

    @Test
    void podStartGraceAcceptsZeroAndShortDurations() {
        List<String> errors = new ArrayList<>();

        assertEquals(5, DeployMojo.seconds("5s", "podStartGrace", true, errors));
        assertEquals(60, DeployMojo.seconds("1m", "podStartGrace", true, errors));
        assertEquals(0, DeployMojo.seconds("0", "podStartGrace", true, errors), "0: wait for the Job's deadline");
        assertEquals(0, DeployMojo.seconds("0s", "podStartGrace", true, errors));
        assertEquals(List.of(), errors);

        DeployMojo.seconds("soon", "podStartGrace", true, errors);
        DeployMojo.seconds("99999999999", "podStartGrace", true, errors);
        DeployMojo.seconds("0s", "timeout", false, errors);
        assertEquals(List.of(
                "<podStartGrace> (-Dmigration.deploy.podStartGrace) = \"soon\": must be a duration such as 5s, 1m or 0 (or plain seconds)",
                "<podStartGrace> (-Dmigration.deploy.podStartGrace) = \"99999999999\": must be a duration such as 5s, 1m or 0 (or plain seconds)",
                "<timeout> (-Dmigration.deploy.timeout) = \"0s\": must be a duration such as 90s, 5m or 1h30m (or plain seconds)"),
                errors);
    }
}
