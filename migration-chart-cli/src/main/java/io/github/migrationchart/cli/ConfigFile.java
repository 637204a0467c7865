package io.github.migrationchart.cli;

import io.github.migrationchart.core.validation.Problem;
import io.github.migrationchart.plugins.common.ConfigNode;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code migration-chart.yaml} into the common layer's {@link ConfigNode}s, one per top-level
 * key: a mapping becomes child elements by key, a sequence one child per item, a scalar its text
 * exactly as written ({@code 1.10} stays {@code 1.10}, {@code yes} stays {@code yes}: the settings
 * reader decides what a value means, as it does for the POM). A plain {@code ~}, {@code null} or
 * nothing is empty; at the top level it leaves the setting unset. {@code ${env.NAME}} is replaced
 * by the environment variable, as Maven does in a POM; other {@code ${...}} stay as written.
 */
final class ConfigFile {
    /** The file the command line reads unless told otherwise. */
    static final String DEFAULT_NAME = "migration-chart.yaml";

    private static final Pattern ENV = Pattern.compile("\\$\\{env\\.([^}]*)}");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /**
     * The settings of the file by top-level key (in file order), and every problem found.
     *
     * @param settings the top-level keys given a value, as evaluated nodes
     * @param errors   one line per problem, naming the key path
     * @param readable whether the file is a YAML mapping at all; when not, {@code errors} says why
     */
    record Contents(Map<String, ConfigNode> settings, List<String> errors, boolean readable) {
        Contents {
            settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
            errors = List.copyOf(errors);
        }
    }

    private final Map<String, String> environment;
    private final List<String> errors = new ArrayList<>();

    private ConfigFile(Map<String, String> environment) {
        this.environment = environment;
    }

    /** The file's settings; a file that is missing, not YAML or not a mapping gives one error saying so. */
    static Contents read(Path file, String shown, Map<String, String> environment) {
        Node root;
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).compose(in);
        } catch (NoSuchFileException e) {
            return failed(shown + " does not exist: write the chart's settings there (README, \"Without Maven\"),"
                    + " or name the file with --file");
        } catch (MarkedYAMLException e) {
            return failed(shown + " is not valid YAML" + at(e.getProblemMark()) + ": " + e.getProblem());
        } catch (YAMLException e) {
            return failed(shown + " is not valid YAML: " + e.getMessage());
        } catch (IOException e) {
            return failed(shown + " cannot be read: " + e.getMessage());
        }
        if (root == null) {
            return failed(shown + " is empty: it needs at least chartName, chartVersion and image");
        }
        if (!(root instanceof MappingNode mapping)) {
            return failed(shown + " must be a mapping of settings (chartName: api, ...), not a " + kind(root) + at(root.getStartMark()));
        }
        ConfigFile reader = new ConfigFile(environment);
        Map<String, ConfigNode> settings = new LinkedHashMap<>();
        for (NodeTuple entry : reader.entries(mapping, "")) {
            String key = ((ScalarNode) entry.getKeyNode()).getValue();
            Node value = entry.getValueNode();
            if (!isNull(value)) {
                settings.put(key, reader.node(key, key, value));
            }
        }
        return new Contents(settings, reader.errors, true);
    }

    private static Contents failed(String error) {
        return new Contents(Map.of(), List.of(error), false);
    }

    private ConfigNode node(String name, String path, Node yaml) {
        if (yaml instanceof MappingNode mapping) {
            List<ConfigNode> children = new ArrayList<>();
            for (NodeTuple entry : entries(mapping, path)) {
                String key = ((ScalarNode) entry.getKeyNode()).getValue();
                children.add(node(key, path + "." + key, entry.getValueNode()));
            }
            return new ConfigNode(name, null, children, true);
        }
        if (yaml instanceof SequenceNode sequence) {
            List<ConfigNode> items = new ArrayList<>();
            List<Node> values = sequence.getValue();
            for (int i = 0; i < values.size(); i++) {
                items.add(node("item", path + "[" + i + "]", values.get(i)));
            }
            return new ConfigNode(name, null, items, true);
        }
        String text = isNull(yaml) ? "" : ((ScalarNode) yaml).getValue();
        return ConfigNode.evaluatedValue(name, expand(text, path));
    }

    /** The entries of a mapping whose keys are plain strings, each key once. */
    private List<NodeTuple> entries(MappingNode mapping, String path) {
        List<NodeTuple> entries = new ArrayList<>();
        Map<String, Mark> seen = new LinkedHashMap<>();
        for (NodeTuple entry : mapping.getValue()) {
            String where = path.isEmpty() ? "" : path + ".";
            if (!(entry.getKeyNode() instanceof ScalarNode key) || isNull(key)) {
                errors.add((path.isEmpty() ? "the top level" : path) + " has a key that is not a plain name ("
                        + position(entry.getKeyNode().getStartMark()) + "); write keys as name: value");
                continue;
            }
            if (seen.containsKey(key.getValue())) {
                errors.add(where + key.getValue() + " is given twice (" + position(seen.get(key.getValue()))
                        + " and " + position(key.getStartMark()) + "); give each key once");
                continue;
            }
            seen.put(key.getValue(), key.getStartMark());
            entries.add(entry);
        }
        return entries;
    }

    /** The text with every {@code ${env.NAME}} replaced; an unset variable is a problem naming the key. */
    private String expand(String text, String path) {
        Matcher matcher = ENV.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String variable = matcher.group(1);
            String value = environment.get(variable);
            if (!ENV_NAME.matcher(variable).matches()) {
                errors.add(path + " = \"" + Problem.printable(text) + "\": ${env." + Problem.printable(variable)
                        + "} is not an environment variable name (letters, digits and _)");
                value = "";
            } else if (value == null) {
                errors.add(path + " = \"" + Problem.printable(text) + "\": the environment variable " + variable
                        + " is not set; set it, or write the value itself");
                value = "";
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        return matcher.appendTail(out).toString();
    }

    private static boolean isNull(Node node) {
        return node instanceof ScalarNode scalar && scalar.getTag().equals(Tag.NULL);
    }

    private static String kind(Node node) {
        return node instanceof SequenceNode ? "list" : "single value";
    }

    /** {@code " (line 3, column 5)"} */
    private static String at(Mark mark) {
        return mark == null ? "" : " (" + position(mark) + ")";
    }

    /** {@code "line 3, column 5"} */
    private static String position(Mark mark) {
        return "line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
    }
}
