package io.github.migrationchart.it;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a user sees in the build log when the configuration is wrong, or the goal is skipped. */
class PluginBuildsIT {

    @Test
    void invalidConfigurationFailsNamingEverySettingAtOnce() {
        Path project = Charts.fixture("invalid");
        String log = Charts.read(project.resolve("build.log"));

        String[] expected = {
            "12 problems in the <configuration> of migration-maven-plugin:",
            "<replicaCount> is not a setting of migration-maven-plugin. Did you mean <replicas>?",
            "<migration><argz> is not a setting of <migration>. Did you mean <migration><args>?",
            "<migration><backoffLimit> = \"two\": must be a whole number",
            "<chartName> = \"Bad_Name\": must be lowercase letters, digits and '-'",
            "try \"bad-name\"",
            "<chartVersion> = \"1.0\": must be a SemVer 2 version",
            "<image> = \"registry.example.com/team/api:1.0\": must not contain a tag",
            "<containerPort> = \"70000\": must be a port number from 1 to 65535",
            "<appConfig> = \"1ST_KEY\": cannot become an environment variable",
            "<migration><args> = \"\": is empty",
            "<migration><secretRefs> = \"DB_Secret\": is not a valid Secret name",
            "<migration><hookDeletePolicy> = \"hook-failed\": must include before-hook-creation",
            "Fix them in pom.xml; nothing was written.",
        };
        Reports.assertReportedWithoutStackTrace(log, "a user mistake", expected);
        assertFalse(Files.exists(project.resolve("target/helm")), "nothing written");
    }

    @Test
    void skipWritesNothing() {
        Path project = Charts.fixture("skipped");
        String log = Charts.read(project.resolve("build.log"));

        assertTrue(log.contains("Skipping migration:generate (migration.skip=true)"), log);
        assertFalse(Files.exists(project.resolve("target/helm")));
    }

    @Test
    void successfulBuildNamesTheChartAndTheLint() {
        String log = Charts.read(Charts.fixture("minimal").resolve("build.log"));

        assertTrue(log.matches("(?s).*Helm chart orders 2\\.0\\.0 written to \\S+/target/helm/orders \\(helm lint --strict and helm template passed\\).*"), log);
    }

    @Test
    void credentialInPlainEnvIsAWarningPointingToSecretRefs() {
        String log = Charts.read(Charts.fixture("migration-disabled").resolve("build.log"));

        assertTrue(log.contains("[WARNING] <appEnv><DB_PASSWORD> looks like a credential; its value would be stored in the chart"
                + " in clear text. Put it in a Secret and reference that with <appSecretRefs>"), log);
    }
}
