package io.github.migrationchart.cli;

import io.github.migrationchart.core.validation.Problem;
import io.github.migrationchart.plugins.common.ConfigNode;
import io.github.migrationchart.plugins.common.DeprecatedProperties;
import io.github.migrationchart.plugins.common.PluginSettings;
import io.github.migrationchart.plugins.common.Setting;
import io.github.migrationchart.plugins.common.Suggestions;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The settings of one run: the keys of {@code migration-chart.yaml}, which are the POM settings of
 * the goals under the same names (PluginSettings declares them once), with the {@code -D}
 * properties of the command line over them, and the defaults that the Maven plugin takes from its
 * parameter declarations and the project. Without a project, {@code appVersion} defaults to
 * {@code chartVersion} and {@code imageTag} to {@code appVersion}.
 */
final class FileSettings {
    /** Every key the file may have: the chart's settings and those of generate, check and render. */
    static final List<Setting> KEYS = Stream.of(
                    PluginSettings.CHART.stream().filter(setting -> setting != PluginSettings.SKIP),
                    PluginSettings.GENERATING.stream(), PluginSettings.CHECK.stream(), PluginSettings.RENDER.stream())
            .flatMap(settings -> settings).toList();

    /** What the Maven plugin's parameters default to, where the default is not the project's. */
    static final Map<String, String> DEFAULTS = Map.of(
            PluginSettings.IMAGE_PULL_POLICY.name(), "IfNotPresent",
            PluginSettings.CONTAINER_PORT.name(), "8080",
            PluginSettings.REPLICAS.name(), "1",
            PluginSettings.APP_READ_ONLY_ROOT_FILESYSTEM.name(), "false",
            PluginSettings.UNIT_TESTS.name(), "true",
            PluginSettings.OUTPUT_DIRECTORY.name(), "build/helm",
            PluginSettings.SKIP_LINT.name(), "false",
            PluginSettings.FORCE.name(), "false",
            PluginSettings.RENDER_NAMESPACE.name(), "default");

    /** Settings that hold a list; on the command line their items are comma-separated, as Maven splits them. */
    private static final Set<Setting> LISTS = Set.of(PluginSettings.RENDER_VALUES, PluginSettings.RENDER_SET);

    private final Map<String, ConfigNode> given;
    private final List<String> errors;
    private final List<String> warnings;

    private FileSettings(Map<String, ConfigNode> given, List<String> errors, List<String> warnings) {
        this.given = given;
        this.errors = errors;
        this.warnings = warnings;
    }

    /**
     * @param contents   the file as read
     * @param file       the file's name as messages show it, e.g. {@code deploy/migration-chart.yaml}
     * @param properties the command line's {@code -D} properties, by name
     */
    static FileSettings of(ConfigFile.Contents contents, String file, Map<String, String> properties) {
        List<String> errors = new ArrayList<>(contents.errors());
        Map<String, ConfigNode> given = new LinkedHashMap<>();
        Set<String> known = KEYS.stream().map(Setting::name).collect(Collectors.toSet());
        contents.settings().forEach((key, node) -> {
            if (known.contains(key)) {
                given.put(key, node);
            } else {
                errors.add(key + " is not a setting of " + file + "."
                        + Suggestions.didYouMean(key, known, "")
                        + " Known: " + String.join(", ", known.stream().sorted().toList()) + ".");
            }
        });
        errors.addAll(applyProperties(properties, given, file));
        DeprecatedProperties deprecated = DeprecatedProperties.find(KEYS, properties, setting -> false);
        deprecated.values().forEach((name, value) -> given.put(name, ConfigNode.evaluatedValue(name, value)));
        DEFAULTS.forEach((name, value) -> given.putIfAbsent(name, ConfigNode.evaluatedValue(name, value)));
        defaultTo(given, PluginSettings.APP_VERSION, PluginSettings.CHART_VERSION);
        defaultTo(given, PluginSettings.IMAGE_TAG, PluginSettings.APP_VERSION);
        return new FileSettings(given, errors, deprecated.warnings());
    }

    /** The problems of the file and of the command line's properties, each naming the key or property. */
    List<String> errors() {
        return List.copyOf(errors);
    }

    /** One line per former property name used. */
    List<String> warnings() {
        return List.copyOf(warnings);
    }

    /** The chart's settings, for the common layer's reader. */
    Map<String, ConfigNode> chart() {
        Map<String, ConfigNode> chart = new LinkedHashMap<>();
        PluginSettings.CHART.stream().map(Setting::name).filter(given::containsKey)
                .forEach(name -> chart.put(name, given.get(name)));
        return chart;
    }

    /** The text of a plain setting, {@code null} when unset; a problem when it is a mapping or a list. */
    String text(Setting setting, List<String> problems) {
        ConfigNode node = given.get(setting.name());
        if (node == null) {
            return null;
        }
        if (node.hasChildren() || node.value() == null) {
            problems.add(setting.display() + " must be a single value, not a mapping or a list");
            return null;
        }
        return node.value();
    }

    /** The items of a list setting, empty when unset; a problem when it is not a list of values. */
    List<String> list(Setting setting, List<String> problems) {
        ConfigNode node = given.get(setting.name());
        if (node == null) {
            return List.of();
        }
        if (node.value() != null) {
            problems.add(setting.display() + " = \"" + Problem.printable(node.value()) + "\": must be a list, e.g. "
                    + setting.name() + ": [first, second]");
            return List.of();
        }
        List<String> items = new ArrayList<>();
        for (ConfigNode item : node.children()) {
            if (item.hasChildren() || item.value() == null) {
                problems.add(setting.display() + " must list single values, not mappings or lists");
            } else {
                items.add(item.value());
            }
        }
        return items;
    }

    private static List<String> applyProperties(Map<String, String> properties, Map<String, ConfigNode> given, String file) {
        List<String> errors = new ArrayList<>();
        Map<String, Setting> byProperty = new LinkedHashMap<>();
        KEYS.stream().filter(setting -> !setting.property().isEmpty()).forEach(setting -> byProperty.put(setting.property(), setting));
        Set<String> deprecatedNames = KEYS.stream().map(Setting::deprecatedProperty).filter(name -> !name.isEmpty())
                .collect(Collectors.toSet());
        properties.forEach((name, value) -> {
            Setting setting = byProperty.get(name);
            if (setting == null) {
                if (!deprecatedNames.contains(name)) {
                    errors.add("-D" + name + " is not a property of migration-chart."
                            + Suggestions.closest(name, byProperty.keySet()).map(close -> " Did you mean -D" + close + "?").orElse("")
                            + " Nested settings (migration, appEnv, ...) are set in " + file + ".");
                }
            } else if (LISTS.contains(setting)) {
                given.put(setting.name(), ConfigNode.evaluatedList(setting.name(),
                        Arrays.stream(value.split(",")).map(String::strip).filter(item -> !item.isEmpty()).toList()));
            } else {
                given.put(setting.name(), ConfigNode.evaluatedValue(setting.name(), value));
            }
        });
        return errors;
    }

    private static void defaultTo(Map<String, ConfigNode> given, Setting setting, Setting source) {
        ConfigNode from = given.get(source.name());
        if (!given.containsKey(setting.name()) && from != null) {
            given.put(setting.name(), new ConfigNode(setting.name(), from.value(), from.children(), from.evaluated()));
        }
    }
}
