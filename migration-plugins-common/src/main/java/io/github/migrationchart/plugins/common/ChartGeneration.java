package io.github.migrationchart.plugins.common;

import io.github.migrationchart.core.model.ChartSpec;
import io.github.migrationchart.core.render.ChartFingerprint;
import io.github.migrationchart.core.render.ChartRenderer;
import io.github.migrationchart.core.render.ChartWriter;
import io.github.migrationchart.core.render.RenderedChart;
import io.github.migrationchart.core.validation.CredentialCheck;
import io.github.migrationchart.core.validation.InvalidChartSpecException;
import io.github.migrationchart.core.validation.RunAsUserCheck;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Writes the chart into {@code <outputDirectory>/<chartName>}: rendered, checked by Helm in a
 * staging copy (so that a chart Helm refuses never replaces a good one), then written atomically;
 * or kept, when it is up to date.
 */
public final class ChartGeneration {
    private ChartGeneration() {}

    /** The chart written, and where. */
    public record GeneratedChart(ChartSpec spec, Path directory) {
        public String name() {
            return spec.chart().name();
        }

        public String version() {
            return spec.chart().version();
        }
    }

    /** What the build should warn about before it generates: suspicious credentials, image users it cannot know. */
    public static List<String> warnings(ChartSpec spec) {
        return Stream.concat(
                CredentialCheck.suspiciousEntries(spec).stream().map(SettingNames::describeEntry),
                RunAsUserCheck.unknownUsers(spec).stream().map(problem -> SettingNames.translate(problem.message()))).toList();
    }

    /**
     * Renders and writes the chart, unless the chart on disk is what it would write: generated
     * from inputs with the same fingerprint, checked by Helm if {@code lint} asks for it, and not
     * changed since ({@link GenerationRecord}). {@code info} gets the one line that says which.
     *
     * @param lint  run {@code helm lint --strict} and {@code helm template} on a staging copy first
     * @param force generate even when the chart on disk is up to date
     * @throws GoalFailure when Helm refuses the chart (nothing is written then)
     */
    public static GeneratedChart generate(ChartSpec spec, Path outputDirectory, boolean lint, boolean force,
                                          Consumer<String> info) throws IOException, GoalFailure {
        String name = spec.chart().name();
        Path existing = outputDirectory.resolve(name);
        Path recordFile = GenerationRecord.location(outputDirectory, name);
        String inputs = ChartFingerprint.of(spec);
        if (!force && GenerationRecord.read(recordFile).filter(record -> record.allowsKeeping(inputs, lint, existing)).isPresent()) {
            info.accept("Helm chart " + name + " " + spec.chart().version() + " in " + existing
                    + " is up to date: nothing it is made from changed since it was generated"
                    + " (-D" + PluginSettings.FORCE.property() + "=true generates it again)");
            return new GeneratedChart(spec, existing);
        }
        if (lint) {
            HelmLibrary.loadInBackground();
        }
        RenderedChart chart = render(spec);
        if (lint) {
            checkInStaging(chart, outputDirectory);
        }
        Path target = ChartWriter.write(chart, existing);
        GenerationRecord.of(inputs, lint, target).write(recordFile);
        info.accept("Helm chart " + name + " " + spec.chart().version() + " written to " + target
                + (lint ? " (helm lint --strict and helm template passed)" : ""));
        return new GeneratedChart(spec, target);
    }

    /**
     * Renders the chart with the project's additions merged in.
     *
     * @throws GoalFailure when the additions clash with the generated chart, naming both places
     */
    public static RenderedChart render(ChartSpec spec) throws GoalFailure {
        try {
            return ChartRenderer.shared().render(spec);
        } catch (InvalidChartSpecException e) {
            throw new GoalFailure(ConfigurationErrors.message(e.problems().stream().map(SettingNames::describe).toList()));
        }
    }

    private static void checkInStaging(RenderedChart chart, Path outputDirectory) throws IOException, GoalFailure {
        Files.createDirectories(outputDirectory);
        Path staging = Files.createTempDirectory(outputDirectory, ".lint-");
        try {
            Path chartDirectory = ChartWriter.write(chart, staging.resolve(chart.name()));
            List<String> failures = HelmCheck.failures(chartDirectory);
            if (!failures.isEmpty()) {
                throw new GoalFailure("Helm rejects the generated chart " + chart.name()
                        + ":\n  " + String.join("\n  ", failures)
                        + "\nThis is a bug of migration-maven-plugin; please report it with your <configuration>."
                        + " Set " + PluginSettings.SKIP_LINT.element() + "true</skipLint> (-D"
                        + PluginSettings.SKIP_LINT.property() + "=true) to write the chart anyway.");
            }
        } finally {
            ChartWriter.deleteRecursively(staging);
        }
    }
}
