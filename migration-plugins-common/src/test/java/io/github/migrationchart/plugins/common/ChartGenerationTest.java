package io.github.migrationchart.plugins.common;

import io.github.migrationchart.core.model.AppSpec;
import io.github.migrationchart.core.model.ChartAdditions;
import io.github.migrationchart.core.model.ChartMetadata;
import io.github.migrationchart.core.model.ChartSpec;
import io.github.migrationchart.core.model.MigrationPreset;
import io.github.migrationchart.core.model.MigrationSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The chart on disk is kept when nothing it is made from changed, and generated again on any change. */
class ChartGenerationTest {
    @TempDir
    Path output;

    private final List<String> log = new ArrayList<>();

    private static ChartSpec spec(int replicas, Map<String, String> config) {
        return new ChartSpec(new ChartMetadata("api", "1.4.0", "1.4.0", ""),
                AppSpec.builder("registry.example.com/team/api").replicas(replicas).config(config).build(),
                MigrationSpec.builder().preset(MigrationPreset.LARAVEL).build());
    }

    private static final ChartSpec SPEC = spec(2, Map.of("APP_ENV", "production"));

    /** Generates without Helm's check, unless {@code lint}; true when it wrote the chart. */
    private boolean generate(ChartSpec spec, boolean lint, boolean force) throws Exception {
        log.clear();
        ChartGeneration.generate(spec, output, lint, force, log::add);
        assertEquals(1, log.size(), log.toString());
        return log.get(0).contains(" written to ");
    }

    @Test
    void anUnchangedChartIsKeptAndSaysSo() throws Exception {
        assertTrue(generate(SPEC, false, false), "first build");
        long written = Files.getLastModifiedTime(output.resolve("api/values.yaml")).toMillis();

        assertFalse(generate(SPEC, false, false), "second build");
        assertTrue(log.get(0).matches("Helm chart api 1\\.4\\.0 in \\S+/api is up to date: nothing it is made from"
                + " changed since it was generated \\(-Dmigration.force=true generates it again\\)"), log.get(0));
        assertEquals(written, Files.getLastModifiedTime(output.resolve("api/values.yaml")).toMillis());
        assertTrue(Files.isRegularFile(output.resolve(".api.generated")));
        assertFalse(Files.exists(output.resolve("api/.api.generated")), "the record stays out of the chart");
    }

    @Test
    void anyChangedSettingGeneratesAgain() throws Exception {
        generate(SPEC, false, false);
        assertTrue(generate(spec(3, Map.of("APP_ENV", "production")), false, false), "an integer setting");
        assertTrue(generate(spec(3, Map.of("APP_ENV", "staging")), false, false), "an entry of a map setting");
        assertTrue(generate(spec(3, Map.of()), false, false), "a setting that removes a file");
        assertFalse(Files.exists(output.resolve("api/templates/configmap.yaml")));
        assertFalse(generate(spec(3, Map.of()), false, false), "and then nothing");
    }

    @Test
    void aChangedChartAdditionGeneratesAgainAndAClashWritesNothing() throws Exception {
        ChartSpec withAddition = SPEC.withAdditions(new ChartAdditions("src/main/helm", new TreeMap<>(Map.of(
                "templates/extra.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: extra\n"))));
        generate(SPEC, false, false);
        assertTrue(generate(withAddition, false, false), "a new file of the project");
        assertEquals("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: extra\n",
                Files.readString(output.resolve("api/templates/extra.yaml")));
        assertFalse(generate(withAddition, false, false), "and then nothing");
        ChartSpec changed = SPEC.withAdditions(new ChartAdditions("src/main/helm", new TreeMap<>(Map.of(
                "templates/extra.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: other\n"))));
        assertTrue(generate(changed, false, false), "its content changed");

        ChartSpec clash = SPEC.withAdditions(new ChartAdditions("src/main/helm", new TreeMap<>(Map.of(
                "values.yaml", "replicaCount: 7\n"))));
        GoalFailure failure = assertThrows(GoalFailure.class, () -> ChartGeneration.generate(clash, output, false, false, log::add));
        assertEquals("""
                1 problem in the <configuration> of migration-maven-plugin:
                  - <replicas> = "replicaCount in src/main/helm/values.yaml": is generated from this\
                 setting of the build; set it there instead, so that the chart's unit tests and README follow it
                Fix them in pom.xml; nothing was written.""", failure.getMessage());
        assertTrue(Files.readString(output.resolve("api/templates/extra.yaml")).contains("name: other"), "the chart on disk stays");
    }

    @Test
    void aChartChangedOnDiskIsGeneratedAgain() throws Exception {
        generate(SPEC, false, false);
        Path values = output.resolve("api/values.yaml");
        String original = Files.readString(values);

        Files.writeString(values, original + "# edited by hand\n");
        assertTrue(generate(SPEC, false, false), "an edited file");
        assertEquals(original, Files.readString(values));

        Files.writeString(output.resolve("api/templates/extra.yaml"), "kind: ConfigMap\n");
        assertTrue(generate(SPEC, false, false), "an added file");
        assertFalse(Files.exists(output.resolve("api/templates/extra.yaml")));

        Files.delete(output.resolve("api/templates/service.yaml"));
        assertTrue(generate(SPEC, false, false), "a removed file");

        deleteTree(output.resolve("api"));
        assertTrue(generate(SPEC, false, false), "a removed chart");
    }

    @Test
    void forceAlwaysGeneratesAndABrokenRecordIsIgnored() throws Exception {
        generate(SPEC, false, false);
        assertTrue(generate(SPEC, false, true), "force");

        Files.writeString(output.resolve(".api.generated"), "garbage\n");
        assertTrue(generate(SPEC, false, false), "an unreadable record");
        assertFalse(generate(SPEC, false, false));
    }

    @Test
    void aChartNotCheckedByHelmIsCheckedWhenLintIsOn() throws Exception {
        generate(SPEC, false, false);
        assertTrue(generate(SPEC, true, false), "lint on after a build without it");
        assertTrue(log.get(0).endsWith("(helm lint --strict and helm template passed)"), log.get(0));
        assertFalse(generate(SPEC, true, false), "checked now");
        assertFalse(generate(SPEC, false, false), "a checked chart serves a build without lint too");
    }

    private static void deleteTree(Path root) throws IOException {
        io.github.migrationchart.core.render.ChartWriter.deleteRecursively(root);
    }
}
