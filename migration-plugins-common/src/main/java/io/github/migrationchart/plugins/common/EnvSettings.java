package io.github.migrationchart.plugins.common;

import io.github.migrationchart.core.model.EnvVarSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Reads an environment setting such as {@code <appEnv>} or {@code <migration><env>}: plain values
 * ({@code <LOG_LEVEL>info</LOG_LEVEL>}, or the long form with {@code <name>}/{@code <value>}), and
 * values from a source, as Kubernetes' {@code valueFrom} names them:
 * {@code <DB_PASSWORD><secretKeyRef><name>db</name><key>password</key></secretKeyRef></DB_PASSWORD>}.
 */
final class EnvSettings {
    /** The variables of one setting: plain ones and sourced ones, each in the POM's order. */
    record Entries(Map<String, String> values, Map<String, EnvVarSource> sources) {
        static final Entries NONE = new Entries(Map.of(), Map.of());
    }

    private EnvSettings() {}

    static Entries read(ConfigNode node, String setting, ConfigReader reader) {
        if (node == null) {
            return Entries.NONE;
        }
        List<ConfigNode> plain = node.children().stream().filter(child -> source(child).isEmpty()).toList();
        Map<String, String> values = reader.map(ConfigNode.element(node.name(), node.value(), plain), setting);
        Map<String, EnvVarSource> sources = new LinkedHashMap<>();
        for (ConfigNode child : node.children()) {
            source(child).ifPresent(kind -> {
                String childSetting = setting + "<" + child.name() + ">";
                if (child.children().size() > 1) {
                    reader.error(childSetting, child.name(), "must have one source, <" + kind.name() + ">, and nothing next to it");
                }
                ConfigNode sourceNode = child.children().get(0);
                String sourceSetting = childSetting + "<" + kind.name() + ">";
                reader.rejectUnknownChildren(sourceNode, sourceSetting,
                        new TreeSet<>(concat(kind.required(), kind.optional())));
                Map<String, String> fields = reader.map(sourceNode, sourceSetting);
                if (values.containsKey(child.name()) || sources.containsKey(child.name())) {
                    reader.error(setting, child.name(), "gives the variable twice; give each variable once");
                }
                sources.put(child.name(), new EnvVarSource(kind.name(), fields));
            });
        }
        return new Entries(values, sources);
    }

    /** The source kind an entry holds: its only child is named after one, e.g. {@code <secretKeyRef>}. */
    private static Optional<EnvVarSource.Kind> source(ConfigNode child) {
        return child.children().isEmpty() ? Optional.empty() : EnvVarSource.kind(child.children().get(0).name());
    }

    private static List<String> concat(List<String> first, List<String> second) {
        return Stream.concat(first.stream(), second.stream()).toList();
    }
}
