package io.github.migrationchart.plugins.common;

import io.github.migrationchart.plugins.common.ChartGeneration.GeneratedChart;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

import static io.github.migrationchart.plugins.common.PluginSettings.RENDER_SET;
import static io.github.migrationchart.plugins.common.PluginSettings.RENDER_VALUES;

/** {@code migration:render}: the objects of a release for given values, hooks included, to a file or the build log. */
public final class ReleaseRendering {
    private ReleaseRendering() {}

    /**
     * Renders the release; {@code info} gets a summary line, and the manifests when no output file is set.
     *
     * @param projectDirectory for showing the output file relative to the project
     * @throws GoalFailure when Helm cannot render the chart with the given values
     */
    public static void render(GeneratedChart chart, RenderSettings settings, Path projectDirectory, Consumer<String> info)
            throws IOException, GoalFailure {
        render(chart, settings, projectDirectory, info, info);
    }

    /**
     * As {@link #render(GeneratedChart, RenderSettings, Path, Consumer)}, with the manifests, when no
     * output file is set, going to {@code manifests} line by line (a command line's standard output)
     * and the summary to {@code info}.
     */
    public static void render(GeneratedChart chart, RenderSettings settings, Path projectDirectory, Consumer<String> info,
                              Consumer<String> manifestLines) throws IOException, GoalFailure {
        String release = settings.release().releaseFor(chart.name());
        String namespace = settings.release().namespace();
        String manifests;
        try {
            manifests = ManifestRenderer.render(chart.directory(), release, namespace, settings.values());
        } catch (IllegalStateException e) {
            throw new GoalFailure("helm template of release " + release + " (chart " + chart.name()
                    + ") failed for the given values:\n" + String.valueOf(e.getMessage()).strip()
                    + "\nCheck " + RENDER_VALUES.display() + " and " + RENDER_SET.display() + ".");
        }
        String summary = ManifestRenderer.objectCount(manifests) + " objects of release " + release
                + " in namespace " + namespace + ", hooks included";
        if (settings.output().isPresent()) {
            Path file = settings.output().get();
            Files.createDirectories(file.getParent());
            Files.writeString(file, manifests, StandardCharsets.UTF_8);
            info.accept("Rendered " + summary + ", written to " + ProjectPaths.show(projectDirectory, file));
        } else {
            info.accept("Rendered " + summary + ":");
            manifests.lines().forEach(manifestLines);
        }
    }
}
