package io.github.migrationchart.core.render;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Whatever a user puts into a setting comes back from values.yaml byte for byte, as a string. */
class YamlTextTest {

    private static Object load(String yaml) {
        return new Yaml(new LoaderOptions()).load(yaml);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "on", "no", "yes", "off", "true", "False", "null", "~", "0123", "1e3", "0x1F", ".inf", "-.nan",
            "\"", "'", ": ", "#", "- item", "? key", "a: b", "{{ .Values.x }}", "{% raw %}", "$(VAR)", "%TAG",
            "@at", "`tick`", "&anchor", "*alias", "!tag", "|", ">", "  leading and trailing  ", "",
            "line\nbreak", "tab\there", "back\\slash", "unicode é ✓ 😀", "\u0085next", "\u2028sep", "bell\u0007",
            "---", "...", "<<", "=",
    })
    void hostileStringsRoundTripAsStrings(String value) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("key", value);
        String yaml = "top:" + YamlText.afterKey(values, 2) + "\n";

        assertEquals(Map.of("top", Map.of("key", value)), load(yaml), yaml);
    }

    @Test
    void hostileKeysRoundTrip() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("sidecar.istio.io/inject", "false");
        values.put("on", "key that YAML 1.1 reads as a boolean");
        values.put("with space", "x");
        values.put("0123", "numeric-looking");
        String yaml = "top:" + YamlText.afterKey(values, 2) + "\n";

        assertEquals(Map.of("top", values), load(yaml), yaml);
    }

    @Test
    void nestedListsAndMapsKeepTheirOrderAndTypes() {
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("name", "Z");
        env.put("value", "1");
        List<Object> list = List.of(env, Map.of("name", "A", "value", "$(Z)"));
        String yaml = "env:" + YamlText.afterKey(list, 2) + "\nport:" + YamlText.afterKey(8080, 2)
                + "\nenabled:" + YamlText.afterKey(true, 2) + "\nempty:" + YamlText.afterKey(List.of(), 2) + "\n";

        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("env", list);
        expected.put("port", 8080);
        expected.put("enabled", true);
        expected.put("empty", List.of());
        assertEquals(expected, load(yaml), yaml);
    }
}
