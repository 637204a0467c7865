package io.github.migrationchart.plugins.common;

import io.github.migrationchart.core.validation.Problem;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The values a goal passes to Helm: values files ({@code helm -f}, later files win) and
 * {@code --set}-style overrides, checked before Helm sees them. helm-java passes each override's
 * value literally ({@code a,b} or {@code {x}} stays one string) and types it as {@code --set}
 * does: {@code 3} is a number, {@code true} a boolean. A value that must stay a string, such as
 * an annotation {@code "true"}, belongs in a values file.
 *
 * @param files     existing values files, absolute
 * @param overrides key (Helm's path syntax, {@code a.b}, {@code a\.b}, {@code a[0]}) to value, in order
 */
public record HelmValues(List<Path> files, Map<String, String> overrides) {

    /**
     * Reads the settings of a goal; each problem is added to {@code errors}, naming the setting
     * and its property ({@code <values> (-Dmigration.render.values)}).
     */
    static HelmValues read(List<File> values, List<String> set, Path basedir, Setting valuesSetting, Setting setSetting,
                           List<String> errors) {
        List<Path> files = new ArrayList<>();
        for (File file : values == null ? List.<File>of() : values) {
            if (file == null || file.getPath().isBlank()) {
                continue;
            }
            Path path = basedir.resolve(file.toPath()).toAbsolutePath().normalize();
            if (!Files.isRegularFile(path)) {
                errors.add(valuesSetting.display() + " = \"" + Problem.printable(ProjectPaths.show(basedir, path)) + "\": no such file ("
                        + Problem.printable(path.toString()) + ")");
            } else {
                files.add(path);
            }
        }
        Map<String, String> overrides = new LinkedHashMap<>();
        for (String entry : set == null ? List.<String>of() : set) {
            if (entry == null || entry.isBlank()) {
                continue;
            }
            int equals = entry.indexOf('=');
            if (equals <= 0 || entry.substring(0, equals).isBlank()) {
                errors.add(setSetting.display() + " = \"" + Problem.printable(entry) + "\": must be key=value, e.g. image.tag=2.0"
                        + " (several separated by commas: image.tag=2.0,replicaCount=3)");
            } else {
                overrides.put(entry.substring(0, equals).strip(), entry.substring(equals + 1));
            }
        }
        return new HelmValues(List.copyOf(files), overrides);
    }
}
