package io.github.migrationchart.it;

import io.github.migrationchart.core.model.MigrationPreset;
import io.github.migrationchart.it.Charts.GeneratedChart;
import io.github.migrationchart.it.Tools.HelmCli;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * kube-score over the rendered manifests of every generated chart: zero findings, critical or
 * warning, apart from the checks listed with their reasons in kube-score-ignores.txt.
 */
class KubeScoreIT {
    private static final Path IGNORES = Path.of("src/test/resources/kube-score-ignores.txt");

    static Stream<GeneratedChart> charts() throws IOException {
        Stream<GeneratedChart> presets = Stream.of(MigrationPreset.values())
                .filter(p -> p != MigrationPreset.NONE)
                .map(p -> {
                    try {
                        return new GeneratedChart("preset " + p.id(), PresetsIT.chart(p));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
        return Stream.concat(Charts.all().stream(), presets);
    }

    static List<String> ignoredChecks() throws IOException {
        return Files.readAllLines(IGNORES).stream()
                .filter(line -> !line.isBlank() && !line.startsWith("#"))
                .map(line -> line.substring(0, line.indexOf(':')).strip())
                .toList();
    }

    @ParameterizedTest(name = "kube-score {0}")
    @MethodSource("charts")
    void hasNoFindingsBeyondTheJustifiedIgnores(GeneratedChart chart) throws IOException {
        Command.Result template = HelmCli.HELM4.command("template", "demo", chart.directory().toString()).run();
        assertTrue(template.succeeded(), template.describe());
        Path manifests = Files.createTempFile("manifests-", ".yaml");
        try {
            Files.writeString(manifests, template.stdout());
            Command.Result score = Command.of(Tools.bin("kube-score").toString(), "score", manifests.toString(),
                    "--exit-one-on-warning", "-o", "ci",
                    "--ignore-test", String.join(",", ignoredChecks())).run();

            assertTrue(score.succeeded(), score.describe());
            assertFalse(score.stdout().contains("[CRITICAL]") || score.stdout().contains("[WARNING]"), score.stdout());
        } finally {
            Files.deleteIfExists(manifests);
        }
    }
}
