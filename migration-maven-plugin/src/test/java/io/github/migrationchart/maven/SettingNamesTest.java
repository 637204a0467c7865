package io.github.migrationchart.maven;

import io.github.migrationchart.core.validation.Problem;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SettingNamesTest {

    @ParameterizedTest
    @CsvSource({
            "chart.name, <chartName>",
            "chart.version, <chartVersion>",
            "chart.appVersion, <appVersion>",
            "chart.description, <chartDescription>",
            "app.image.repository, <image>",
            "app.image.tag, <imageTag>",
            "app.image.pullPolicy, <imagePullPolicy>",
            "app.replicas, <replicas>",
            "app.config, <appConfig>",
            "app.env, <appEnv>",
            "app.secretRefs, <appSecretRefs>",
            "app.resources.limits.nvidia.com/gpu, <appResources><limits><nvidia.com/gpu>",
            "migration.image.repository, <migration><image>",
            "migration.image.tag, <migration><imageTag>",
            "migration.args, <migration><args>",
            "migration.wait.image.repository, <migration><wait><image>",
            "migration.wait.image.tag, <migration><wait><imageTag>",
            "migration.wait.timeoutSeconds, <migration><wait><timeoutSeconds>",
            "migration.resources.requests.cpu, <migration><resources><requests><cpu>",
    })
    void mapsModelPathsToPomSettings(String path, String setting) {
        assertEquals(setting, SettingNames.of(path));
    }

    @Test
    void describesProblemInPomTerms() {
        assertEquals("<chartVersion> = \"1.0\": must be SemVer (it defaults to the project version; set <chartVersion> when that is not SemVer)",
                SettingNames.describe(new Problem("chart.version", "1.0", "must be SemVer")));
    }

    @Test
    void suggestsCloseNames() {
        List<String> known = List.of("replicas", "image", "imageTag", "chartName");
        assertEquals("replicas", Suggestions.closest("replica", known).orElseThrow());
        assertEquals("replicas", Suggestions.closest("replicaCount", known).orElseThrow());
        assertEquals("imageTag", Suggestions.closest("imagetag", known).orElseThrow());
        assertEquals("", Suggestions.didYouMean("database", known, ""));
    }
}
