package io.github.migrationchart.plugins.common;

import io.github.migrationchart.core.model.AppSpec;
import io.github.migrationchart.core.model.ChartMetadata;
import io.github.migrationchart.core.model.ChartSpec;
import io.github.migrationchart.core.model.MigrationPreset;
import io.github.migrationchart.core.model.MigrationSpec;
import io.github.migrationchart.core.model.RunAsUser;
import io.github.migrationchart.core.validation.ChartSpecValidator;
import io.github.migrationchart.core.validation.Problem;
import io.github.migrationchart.core.validation.RunAsUserCheck;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
            "app.runAsUser, <runAsUser>",
            "app.runAsGroup, <runAsGroup>",
            "migration.runAsUser, <migration><runAsUser>",
            "migration.runAsGroup, <migration><runAsGroup>",
            "app.image.digest, <imageDigest>",
            "migration.image.digest, <migration><imageDigest>",
            "migration.wait.image.digest, <migration><wait><imageDigest>",
            "chart.additions, <chartAdditions>",
            "app.env.DB_PASSWORD.secretKeyRef.key, <appEnv><DB_PASSWORD><secretKeyRef><key>",
            "migration.env.my.var.fieldRef.fieldPath, <migration><env><my.var><fieldRef><fieldPath>",
            "migration.env.DB_PASSWORD.secretKeyRef, <migration><env><DB_PASSWORD><secretKeyRef>",
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

    @Test
    void validationProblemsOfIdsNameThePomSettings() {
        ChartSpec spec = new ChartSpec(new ChartMetadata("api", "1.0.0", "1.0.0", ""),
                AppSpec.builder("registry.example.com/team/api").runAsUser(RunAsUser.of(0, 1000)).build(),
                MigrationSpec.builder().args(List.of("migrate")).build());
        List<String> errors = ChartSpecValidator.validate(spec).stream()
                .map(SettingNames::describe).toList();
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).startsWith("<runAsUser> = \"0\": is root, and the pods run with runAsNonRoot: true"), errors.get(0));
    }

    @Test
    void warningsAboutUnknownUsersNameThePomSettingAndKeepTheValuesKey() {
        ChartSpec spec = new ChartSpec(new ChartMetadata("api", "1.0.0", "1.0.0", ""),
                AppSpec.builder("registry.example.com/team/api").build(),
                MigrationSpec.builder().preset(MigrationPreset.RAILS).build());

        List<String> warnings = RunAsUserCheck.unknownUsers(spec).stream().map(p -> SettingNames.translate(p.message())).toList();

        String refusal = " With a named USER the kubelet refuses the container (\"container has runAsNonRoot and image has"
                + " non-numeric user (<name>), cannot verify user is non-root\"), with root or no USER too (\"container has"
                + " runAsNonRoot and image will run as root\"), and the pod waits in CreateContainerConfigError until the"
                + " deadline, without a log. ";
        assertEquals(List.of(
                "The application's pods run with runAsNonRoot: true, but no numeric user is known for them (<runAsUser> is"
                        + " not set), so the image's USER must be a number." + refusal + "Set <runAsUser> (and <runAsGroup>) to"
                        + " the uid (and gid) of the image's user, or podSecurityContext.runAsUser (and"
                        + " podSecurityContext.runAsGroup) in the values.",
                "The migration Job's pod runs with runAsNonRoot: true, but no numeric user is known for it"
                        + " (<migration><runAsUser> is not set, the rails preset runs your own image, whose uid it cannot know,"
                        + " and the application's <runAsUser>, whose image the Job runs, is not set either), so the image's"
                        + " USER must be a number." + refusal + "Set <migration><runAsUser> (and <migration><runAsGroup>) to"
                        + " the uid (and gid) of the image's user, or migration.podSecurityContext.runAsUser (and"
                        + " migration.podSecurityContext.runAsGroup) in the values."),
                warnings);
    }

    @Test
    void translatesOnlyWholeModelPaths() {
        assertEquals("set <migration><secretRefs>, not migration.secretRefsX or x.app.runAsUser; <appSecretRefs>.",
                SettingNames.translate("set migration.secretRefs, not migration.secretRefsX or x.app.runAsUser; app.secretRefs."));
    }
}
