package io.github.migrationchart.plugins.common;

import io.github.migrationchart.core.validation.Problem;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the nested XML of a POM setting (such as {@code <migration>}) into plain values, collecting
 * a readable error for every unknown element and every value of the wrong type instead of stopping
 * at the first. Setting names in errors are POM paths such as {@code <migration><backoffLimit>}.
 */
public final class ConfigReader {
    /** Evaluates Maven expressions such as {@code ${project.version}} in a value. */
    @FunctionalInterface
    public interface Evaluator {
        /** @throws IllegalArgumentException with a readable message when the expression is broken */
        String evaluate(String raw);
    }

    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d{1,9}");
    private static final Pattern LONG_INTEGER = Pattern.compile("[+-]?\\d{1,18}");

    private final Evaluator evaluator;
    private final List<String> errors = new ArrayList<>();

    public ConfigReader(Evaluator evaluator) {
        this.evaluator = evaluator;
    }

    /** Every error found so far, each one line naming the setting. */
    public List<String> errors() {
        return List.copyOf(errors);
    }

    void error(String setting, String value, String message) {
        // Problem.describe keeps the line readable: control characters escaped, long values cut.
        errors.add(new Problem(setting, value, message).describe(setting));
    }

    /** Reports every child of {@code node} whose name is not in {@code known}. */
    void rejectUnknownChildren(ConfigNode node, String setting, Set<String> known) {
        for (ConfigNode child : node.children()) {
            if (!known.contains(child.name())) {
                errors.add(setting + "<" + child.name() + "> is not a setting of " + setting + "."
                        + Suggestions.didYouMean(child.name(), known, setting)
                        + " Known: " + String.join(", ", known.stream().sorted().toList()) + ".");
            }
        }
    }

    /** The evaluated, trimmed text of a leaf element; {@code ""} for an empty element. */
    String text(ConfigNode node, String setting) {
        return rawText(node, setting).strip();
    }

    /** A whole number, or {@code fallback} (with an error) when the text is not one. */
    int integer(ConfigNode node, String setting, int fallback) {
        String text = text(node, setting);
        if (!INTEGER.matcher(text).matches()) {
            error(setting, text, "must be a whole number, e.g. " + fallback);
            return fallback;
        }
        return Integer.parseInt(text);
    }

    /**
     * A user or group id such as {@code 1001}: empty when {@code text} is, and (with an error) when
     * it is not a whole number that fits Kubernetes' ids. Negative numbers pass, for the chart
     * validation to refuse with the others.
     *
     * @param what {@code uid} or {@code gid}, for the message
     */
    OptionalInt id(String text, String setting, String what) {
        if (text == null || text.isBlank()) {
            return OptionalInt.empty();
        }
        String value = text.strip();
        if (!LONG_INTEGER.matcher(value).matches()) {
            boolean user = "uid".equals(what);
            error(setting, value, "must be a numeric " + what + ", e.g. 1001, not a name: "
                    + (user ? "the kubelet checks runAsNonRoot against numbers only" : "Kubernetes takes group ids only")
                    + " (run " + (user ? "id -u" : "id -g") + " in the image for its user's)");
            return OptionalInt.empty();
        }
        long id = Long.parseLong(value);
        if (id > Integer.MAX_VALUE) {
            error(setting, value, "must be at most " + Integer.MAX_VALUE + ", the largest " + what + " Kubernetes accepts");
            return OptionalInt.empty();
        }
        return OptionalInt.of((int) Math.max(id, Integer.MIN_VALUE));
    }

    /** {@code true} or {@code false}, or {@code fallback} (with an error) otherwise. */
    boolean bool(ConfigNode node, String setting, boolean fallback) {
        String text = text(node, setting);
        return switch (text) {
            case "true" -> true;
            case "false" -> false;
            default -> {
                error(setting, text, "must be true or false");
                yield fallback;
            }
        };
    }

    /** The values of the child elements, in order: {@code <args><arg>a</arg><arg>b</arg></args>}. */
    List<String> list(ConfigNode node, String setting) {
        List<String> values = new ArrayList<>();
        if (node.children().size() == 0 && node.value() != null && !node.value().isBlank()) {
            error(setting, node.value().strip(), "must list its items as child elements, one per item, e.g. "
                    + setting.substring(setting.lastIndexOf('<')) + "<item>first</item><item>second</item>");
            return values;
        }
        for (ConfigNode child : node.children()) {
            // Unlike text(), list items keep their spaces: an arg " x" is legal and meant.
            values.add(rawText(child, setting + "<" + child.name() + ">"));
        }
        return values;
    }

    /**
     * Child element name to value, in order: {@code <env><LOG_LEVEL>info</LOG_LEVEL></env>}. Keys that
     * cannot be XML element names (annotation keys with '/') use the long form
     * {@code <annotation><name>sidecar.istio.io/inject</name><value>false</value></annotation>}.
     */
    Map<String, String> map(ConfigNode node, String setting) {
        Map<String, String> values = new LinkedHashMap<>();
        for (ConfigNode child : node.children()) {
            String childSetting = setting + "<" + child.name() + ">";
            String key = child.name();
            String value;
            if (child.children().size() > 0) {
                ConfigNode name = child.child("name").orElse(null);
                if (name == null || child.children().size() > 2
                        || (child.children().size() == 2 && child.child("value").orElse(null) == null)) {
                    errors.add(childSetting + " must be a plain value, or <name>KEY</name><value>VALUE</value>"
                            + " for keys that are not valid XML element names.");
                    continue;
                }
                key = text(name, childSetting + "<name>");
                ConfigNode valueNode = child.child("value").orElse(null);
                value = valueNode == null ? "" : rawText(valueNode, childSetting + "<value>");
            } else {
                value = rawText(child, childSetting);
            }
            if (values.containsKey(key)) {
                errors.add(setting + " gives the key \"" + key + "\" twice; give each key once.");
            }
            values.put(key, value);
        }
        return values;
    }

    private String rawText(ConfigNode node, String setting) {
        if (node.children().size() > 0) {
            errors.add(setting + " must be a plain value, not nested elements <" + node.children().get(0).name() + ">.");
            return "";
        }
        String raw = node.value();
        if (raw == null) {
            return "";
        }
        if (node.evaluated()) {
            return raw;
        }
        try {
            String value = evaluator.evaluate(raw);
            return value == null ? "" : value;
        } catch (IllegalArgumentException e) {
            error(setting, raw, e.getMessage());
            return "";
        }
    }
}
