package io.github.migrationchart.plugins.common;

import com.marcnuri.helm.TemplateCommand;
import io.github.migrationchart.core.render.ChartWriter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code helm template} through helm-java, hooks included.
 *
 * <p>Workaround: helm-java's {@code template()} (0.0.21) returns only the release's ordinary
 * manifests and leaves out every hook (manusa/helm-java PR #416), and in a migration chart the
 * hooks are the point: the migration Job and the copy of the ConfigMap it reads. So the chart is
 * rendered from a staging copy in which the annotation key {@code helm.sh/hook:} of every template
 * is replaced by {@link #PLACEHOLDER}; to Helm the hooks are then ordinary objects, rendered and
 * sorted with the others (by kind, as Helm installs them). The output gets the real key back, so
 * each hook shows exactly as Helm would apply it. The other {@code helm.sh/hook-*} annotations
 * (weight, delete policy) are left as they are.
 */
final class ManifestRenderer {
    static final String HOOK_KEY = "helm.sh/hook:";
    static final String PLACEHOLDER = "migration-chart.render/hook-placeholder:";

    private ManifestRenderer() {}

    /** The manifests of the release, hooks included, separated by {@code ---}. */
    static String render(Path chartDirectory, String release, String namespace, HelmValues values) throws IOException {
        Path staging = Files.createTempDirectory(chartDirectory.getParent(), ".render-");
        try {
            Path copy = staging.resolve(chartDirectory.getFileName());
            copyWithHooksAsPlainObjects(chartDirectory, copy);
            TemplateCommand template = new TemplateCommand(HelmLibrary.get(), copy).withName(release).withNamespace(namespace);
            values.files().forEach(template::withValuesFile);
            for (Map.Entry<String, String> override : values.overrides().entrySet()) {
                template.set(override.getKey(), override.getValue());
            }
            try {
                return template.call().replace(PLACEHOLDER, HOOK_KEY);
            } catch (IllegalStateException e) {
                throw new IllegalStateException(e.getMessage().replace(PLACEHOLDER, HOOK_KEY), e);
            }
        } finally {
            ChartWriter.deleteRecursively(staging);
        }
    }

    private static void copyWithHooksAsPlainObjects(Path from, Path to) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(from)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        for (Path file : files) {
            Path relative = from.relativize(file);
            Path target = to.resolve(relative.toString());
            Files.createDirectories(target.getParent());
            if (relative.startsWith("templates")) {
                String text = Files.readString(file, StandardCharsets.UTF_8);
                Files.writeString(target, text.replace(HOOK_KEY, PLACEHOLDER), StandardCharsets.UTF_8);
            } else {
                Files.copy(file, target);
            }
        }
    }

    /** The number of objects in rendered manifests: Helm starts each with a {@code # Source:} line. */
    static long objectCount(String manifests) {
        return manifests.lines().filter(line -> line.startsWith("# Source: ")).count();
    }
}
