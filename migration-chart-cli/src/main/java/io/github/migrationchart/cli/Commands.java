package io.github.migrationchart.cli;

import io.github.migrationchart.core.model.ChartSpec;
import io.github.migrationchart.plugins.common.Booleans;
import io.github.migrationchart.plugins.common.ChartGeneration;
import io.github.migrationchart.plugins.common.ChartGeneration.GeneratedChart;
import io.github.migrationchart.plugins.common.ChartSettings;
import io.github.migrationchart.plugins.common.CommittedChart;
import io.github.migrationchart.plugins.common.ConfigReader;
import io.github.migrationchart.plugins.common.ConfigurationErrors;
import io.github.migrationchart.plugins.common.GoalFailure;
import io.github.migrationchart.plugins.common.PluginSettings;
import io.github.migrationchart.plugins.common.ProjectLayout;
import io.github.migrationchart.plugins.common.ReleaseRendering;
import io.github.migrationchart.plugins.common.RenderSettings;
import io.github.migrationchart.plugins.common.Validated;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code generate}, {@code check} and {@code render}: what the Maven goals of the same names do,
 * over the same common layer, for the settings of {@code migration-chart.yaml}. Each returns normally
 * when it succeeded and throws {@link Failure} with the message to show otherwise.
 */
final class Commands {
    /** The command failed; the message is in the Maven plugin's terms, translated by the caller. */
    static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;

        Failure(String message) {
            super(message);
        }
    }

    private final FileSettings settings;
    private final Path projectDirectory;
    private final Console console;

    /** @param projectDirectory the configuration file's directory, against which relative paths resolve */
    Commands(FileSettings settings, Path projectDirectory, Console console) {
        this.settings = settings;
        this.projectDirectory = projectDirectory;
        this.console = console;
    }

    void generate() throws Failure, IOException {
        List<String> errors = new ArrayList<>();
        Generation generation = generation(errors);
        generateChart(validChart("generate", chart(), errors), generation);
    }

    void check() throws Failure, IOException {
        List<String> errors = new ArrayList<>();
        String given = settings.text(PluginSettings.CHECK_CHART_DIRECTORY, errors);
        Validated<ChartSpec> chart = chart();
        Validated<Path> committed = CommittedChart.directory(given == null ? null : new File(given), projectDirectory,
                chart.value().chart().name());
        errors.addAll(committed.errors());
        ChartSpec spec = validChart("check", chart, errors);
        try {
            console.info(CommittedChart.check(spec, committed.value(), projectDirectory));
        } catch (GoalFailure e) {
            throw new Failure(e.getMessage());
        }
    }

    void render() throws Failure, IOException {
        List<String> errors = new ArrayList<>();
        String output = settings.text(PluginSettings.RENDER_OUTPUT, errors);
        RenderSettings.Given given = new RenderSettings.Given(
                settings.list(PluginSettings.RENDER_VALUES, errors).stream().map(File::new).toList(),
                settings.list(PluginSettings.RENDER_SET, errors),
                output == null ? null : new File(output),
                settings.text(PluginSettings.RENDER_RELEASE_NAME, errors),
                settings.text(PluginSettings.RENDER_NAMESPACE, errors));
        Validated<RenderSettings> render = RenderSettings.read(given, projectDirectory);
        errors.addAll(render.errors());
        Generation generation = generation(errors);
        ChartSpec spec = validChart("render", chart(), errors);
        try {
            ReleaseRendering.render(generateChart(spec, generation), render.value(), projectDirectory, console::info, console::out);
        } catch (GoalFailure e) {
            throw new Failure(e.getMessage());
        }
    }

    /** How the chart is generated: {@code outputDirectory}, {@code skipLint}, {@code force}. */
    private record Generation(Path outputDirectory, boolean lint, boolean force) {}

    private Generation generation(List<String> errors) {
        String output = settings.text(PluginSettings.OUTPUT_DIRECTORY, errors);
        boolean skipLint = Booleans.read(settings.text(PluginSettings.SKIP_LINT, errors), PluginSettings.SKIP_LINT, false, errors);
        boolean force = Booleans.read(settings.text(PluginSettings.FORCE, errors), PluginSettings.FORCE, false, errors);
        Path directory = projectDirectory.resolve(output == null ? "" : output).toAbsolutePath().normalize();
        return new Generation(directory, !skipLint, force);
    }

    private Validated<ChartSpec> chart() {
        ProjectLayout layout = new ProjectLayout(projectDirectory, projectDirectory.resolve("build"));
        // every value is evaluated already (ConfigFile): the reader has no expressions left to evaluate
        Validated<ChartSpec> read = ChartSettings.read(settings.chart(), new ConfigReader(raw -> raw), layout);
        read.notes().forEach(console::info);
        return read;
    }

    private ChartSpec validChart(String command, Validated<ChartSpec> chart, List<String> commandErrors) throws Failure {
        List<String> fileErrors = new ArrayList<>(settings.errors());
        fileErrors.addAll(chart.errors());
        Optional<String> problems = ConfigurationErrors.of(command, commandErrors, fileErrors);
        if (problems.isPresent()) {
            throw new Failure(problems.get());
        }
        return chart.value();
    }

    private GeneratedChart generateChart(ChartSpec spec, Generation generation) throws Failure, IOException {
        ChartGeneration.warnings(spec).forEach(console::warn);
        try {
            return ChartGeneration.generate(spec, generation.outputDirectory(), generation.lint(), generation.force(), console::info);
        } catch (GoalFailure e) {
            throw new Failure(e.getMessage());
        }
    }
}
