package io.github.migrationchart.plugins.common;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.PackageCommand;
import com.marcnuri.helm.PushCommand;
import io.github.migrationchart.plugins.common.ChartGeneration.GeneratedChart;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/** {@code migration:package}: {@code helm package} of a generated chart, and {@code helm push} to an OCI registry. */
public final class ChartPackaging {
    private ChartPackaging() {}

    /** Packages the chart into {@code <destination>/<name>-<version>.tgz} and returns that archive. */
    public static Path packageChart(GeneratedChart chart, Path destination) throws IOException {
        Path directory = destination.toAbsolutePath().normalize();
        Path archive = directory.resolve(chart.name() + "-" + chart.version() + ".tgz");
        Files.createDirectories(directory);
        Files.deleteIfExists(archive);
        try {
            new PackageCommand(HelmLibrary.get(), new Helm(chart.directory()), chart.directory()).withDestination(directory).call();
        } catch (IllegalStateException e) {
            throw new IOException("helm package of " + chart.directory() + " failed: " + e.getMessage(), e);
        }
        if (!Files.isRegularFile(archive)) {
            throw new IOException("helm package did not write " + archive);
        }
        return archive;
    }

    /**
     * Pushes the archive, as {@code helm push}, with the credentials of {@code helm registry login}.
     *
     * @param push      the setting as given, for the message
     * @param plainHttp push over HTTP instead of HTTPS ({@code helm push --plain-http})
     * @throws GoalFailure naming the setting and the registry's answer when the push fails
     */
    public static void push(Path archive, URI registry, String push, boolean plainHttp, Consumer<String> info) throws GoalFailure {
        try {
            PushCommand command = new PushCommand(HelmLibrary.get()).withChart(archive).withRemote(registry);
            String result = (plainHttp ? command.plainHttp() : command).call();
            info.accept("Pushed " + archive.getFileName() + " to " + registry
                    + (result == null || result.isBlank() ? "" : ": " + result.strip()));
        } catch (IllegalStateException e) {
            throw new GoalFailure(PushTarget.pushFailed(push, registry, archive.getFileName().toString(),
                    String.valueOf(e.getMessage())));
        }
    }
}
