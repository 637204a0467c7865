package io.github.migrationchart.core.render;

import io.github.migrationchart.core.ExampleSpecs;
import io.github.migrationchart.core.model.ChartSpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The chart's own README documents every key of its values.yaml, and names no key that values.yaml
 * lacks; values.yaml's comments are in the form helm-docs reads.
 */
class ChartReadmeTest {
    private static final Pattern KEY = Pattern.compile("`([.A-Za-z][A-Za-z0-9.]*)`");
    /** Written into values.yaml only when the POM or the preset knows the ids; documented always. */
    private static final Set<String> WRITTEN_WHEN_KNOWN = Set.of(
            "podSecurityContext.runAsUser", "podSecurityContext.runAsGroup",
            "migration.podSecurityContext.runAsUser", "migration.podSecurityContext.runAsGroup");

    static Stream<ChartSpec> charts() {
        return Stream.of(ExampleSpecs.laravelApi(), ExampleSpecs.minimal());
    }

    /** Every path of the values: maps are walked, anything else (lists, scalars, empty maps) is a leaf. */
    private static void paths(String prefix, Object node, Set<String> out) {
        if (node instanceof Map<?, ?> map && !map.isEmpty()) {
            if (!prefix.isEmpty()) {
                out.add(prefix);
            }
            map.forEach((key, value) -> paths(prefix.isEmpty() ? key.toString() : prefix + "." + key, value, out));
        } else {
            out.add(prefix);
        }
    }

    /**
     * The keys of the README's values table, first column: {@code `a.b`, `.c`} is a.b and a.c (a
     * key starting with '.' replaces the last part of the previous one).
     */
    static Set<String> documentedKeys(String readme) {
        Set<String> keys = new TreeSet<>();
        String section = readme.substring(readme.indexOf("## Values"));
        for (String line : section.lines().filter(l -> l.startsWith("| `")).toList()) {
            String firstCell = line.substring(1, line.indexOf('|', 1));
            String previous = "";
            Matcher matcher = KEY.matcher(firstCell);
            while (matcher.find()) {
                String key = matcher.group(1);
                if (key.startsWith(".")) {
                    key = previous.substring(0, previous.lastIndexOf('.')) + key;
                }
                keys.add(key);
                previous = key;
            }
        }
        return keys;
    }

    @ParameterizedTest
    @MethodSource("charts")
    void valuesTableAndValuesYamlNameTheSameKeys(ChartSpec spec) {
        RenderedChart chart = new ChartRenderer().render(spec);
        Set<String> values = new TreeSet<>();
        paths("", new Yaml(new LoaderOptions()).load(chart.file("values.yaml")), values);
        Set<String> documented = documentedKeys(chart.file("README.md"));

        List<String> undocumented = new ArrayList<>();
        for (String path : values) {
            boolean covered = documented.stream().anyMatch(key -> path.equals(key) || path.startsWith(key + "."));
            boolean parentOfDocumented = documented.stream().anyMatch(key -> key.startsWith(path + "."));
            if (!covered && !parentOfDocumented) {
                undocumented.add(path);
            }
        }
        assertEquals(List.of(), undocumented, "values.yaml keys missing from the README's values table");
        assertEquals(List.of(), documented.stream().filter(key -> !values.contains(key) && !WRITTEN_WHEN_KNOWN.contains(key)).toList(),
                "README rows naming keys that values.yaml does not have");
    }

    /**
     * helm-docs reads "# -- text" above a key as its description, and also the older
     * "# key -- text" form: a comment line with " --" anywhere else (say, a flag in the prose)
     * is taken for a description of a key that does not exist, and the real key loses its own.
     */
    @ParameterizedTest
    @MethodSource("charts")
    void commentsAreInTheFormHelmDocsReads(ChartSpec spec) {
        String values = new ChartRenderer().render(spec).file("values.yaml");
        List<String> misread = values.lines()
                .map(String::strip)
                .filter(line -> line.startsWith("#"))
                .filter(line -> line.replaceFirst("^# -- ", "").contains("--"))
                .toList();
        assertEquals(List.of(), misread);
        long described = values.lines().filter(line -> line.strip().startsWith("# -- ")).count();
        assertTrue(described >= 60, "values.yaml describes its keys for helm-docs, " + described + " descriptions");
    }
}
