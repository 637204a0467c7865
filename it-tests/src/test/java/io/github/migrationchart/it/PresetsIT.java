package io.github.migrationchart.it;

import io.github.migrationchart.core.model.AppSpec;
import io.github.migrationchart.core.model.ChartMetadata;
import io.github.migrationchart.core.model.ChartSpec;
import io.github.migrationchart.core.model.MigrationPreset;
import io.github.migrationchart.core.model.MigrationSpec;
import io.github.migrationchart.core.render.ChartRenderer;
import io.github.migrationchart.core.render.ChartWriter;
import io.github.migrationchart.it.Tools.HelmCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.github.migrationchart.it.Charts.migrationJob;
import static io.github.migrationchart.it.Charts.container;
import static io.github.migrationchart.it.Charts.documents;
import static io.github.migrationchart.it.Charts.only;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every migration preset: its Job as Helm renders it (golden files, reviewed in pull requests),
 * and the chart's helm-unittest suites under both Helm majors.
 * {@code -Dgolden.update=true} rewrites the golden files after an intended change.
 */
class PresetsIT {
    private static final Path GOLDEN = Path.of("src/test/resources/golden/presets");
    private static final ChartRenderer RENDERER = new ChartRenderer();

    static Stream<MigrationPreset> presets() {
        return Stream.of(MigrationPreset.values()).filter(p -> p != MigrationPreset.NONE);
    }

    static Stream<Arguments> presetsAndHelms() {
        return presets().flatMap(preset -> Stream.of(HelmCli.values()).map(helm -> Arguments.of(preset, helm)));
    }

    /** A chart for the preset with nothing else configured but the image and a Secret. */
    static Path chart(MigrationPreset preset) throws IOException {
        ChartSpec spec = new ChartSpec(
                new ChartMetadata("shop", "1.0.0", "1.0.0", "Preset " + preset.id()),
                AppSpec.builder("registry.example.com/team/shop").imageTag("1.0.0").build(),
                MigrationSpec.builder().preset(preset).secretRefs(List.of("shop-db")).build());
        return ChartWriter.write(RENDERER.render(spec), Path.of("target/presets", preset.id(), "shop"));
    }

    @ParameterizedTest(name = "{0}: rendered Job matches the golden file")
    @MethodSource("presets")
    void renderedJobMatchesTheGoldenFile(MigrationPreset preset) throws IOException {
        Command.Result job = HelmCli.HELM4.command("template", "demo", chart(preset).toString(),
                "--show-only", "templates/migration-job.yaml").run();
        assertTrue(job.succeeded(), job.describe());

        Path golden = GOLDEN.resolve(preset.id() + "-job.yaml");
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(golden, job.stdout());
        }
        assertEquals(Files.readString(golden), job.stdout(), "rendered Job of preset " + preset.id()
                + " changed; review and run with -Dgolden.update=true");
    }

    @ParameterizedTest(name = "{0}: helm unittest with {1}")
    @MethodSource("presetsAndHelms")
    void unitTestsPass(MigrationPreset preset, HelmCli helm) throws IOException {
        Command.Result unittest = helm.command("unittest", chart(preset).toString()).run();

        assertTrue(unittest.succeeded(), unittest.describe());
    }

    @ParameterizedTest(name = "{0}: app migrate-on-start is off only while the Job exists")
    @EnumSource(value = MigrationPreset.class, names = {"SPRING_BOOT_FLYWAY", "SPRING_BOOT_LIQUIBASE"})
    void springPresetsSwitchOffMigrateOnStartWhileTheJobExists(MigrationPreset preset) throws IOException {
        String key = preset.appEnv().keySet().iterator().next();
        Command.Result withJob = HelmCli.HELM4.command("template", "demo", chart(preset).toString()).run();
        assertTrue(withJob.succeeded(), withJob.describe());
        List<Map<String, Object>> manifests = documents(withJob.stdout());
        assertEquals(List.of(Map.of("name", key, "value", "false")), container(only(manifests, "Deployment"), "env"));
        assertEquals(Map.of("name", key, "value", "true"),
                ((List<?>) container(migrationJob(manifests), "env")).stream()
                        .filter(e -> ((Map<?, ?>) e).get("name").equals(key)).findFirst().orElseThrow());

        Command.Result withoutJob = HelmCli.HELM4.command("template", "demo", chart(preset).toString(),
                "--set", "migration.enabled=false").run();
        assertTrue(withoutJob.succeeded(), withoutJob.describe());
        assertEquals(null, container(only(documents(withoutJob.stdout()), "Deployment"), "env"),
                "without the Job the application migrates on start again");
    }

    @Test
    void goldenFilesCoverEveryPreset() throws IOException {
        try (Stream<Path> files = Files.list(GOLDEN)) {
            assertEquals(presets().map(p -> p.id() + "-job.yaml").sorted().toList(),
                    files.map(f -> f.getFileName().toString()).sorted().toList());
        }
    }
}
