package io.github.migrationchart.plugins.common;

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
                List.of("image.tag=2.0", " replicaCount=3", "annotations.a\\.b=x=y", ""), project, PluginSettings.RENDER_VALUES, PluginSettings.RENDER_SET, errors);

        assertEquals(List.of(), errors);
        assertEquals(List.of(project.resolve("values-prod.yaml")), values.files());
        assertEquals(List.of(Map.entry("image.tag", "2.0"), Map.entry("replicaCount", "3"), Map.entry("annotations.a\\.b", "x=y")),
                List.copyOf(values.overrides().entrySet()));
    }

    @Test
    void namesTheSettingAndItsPropertyInEveryProblem(@TempDir Path project) {
        List<String> errors = new ArrayList<>();

        HelmValues.read(List.of(new File("missing.yaml")), List.of("replicaCount", "=3"), project, PluginSettings.DEPLOY_VALUES, PluginSettings.DEPLOY_SET, errors);

        assertEquals(List.of(
                "<values> (-Dmigration.deploy.values) = \"missing.yaml\": no such file (" + project.resolve("missing.yaml") + ")",
                "<set> (-Dmigration.deploy.set) = \"replicaCount\": must be key=value, e.g. image.tag=2.0"
                        + " (several separated by commas: image.tag=2.0,replicaCount=3)",
                "<set> (-Dmigration.deploy.set) = \"=3\": must be key=value, e.g. image.tag=2.0"
                        + " (several separated by commas: image.tag=2.0,replicaCount=3)"), errors);
    }
}
