package io.github.migrationchart.core.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.migrationchart.core.model.ChartAdditions;
import io.github.migrationchart.core.model.ChartSpec;
import io.github.migrationchart.core.validation.Problem;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Merges the project's chart additions into a generated chart, deterministically:
 *
 * <ul>
 *   <li>their files go in beside the generated ones; a file the plugin generates (whether or not
 *       this chart has it) is a clash;</li>
 *   <li>their {@code values.yaml} is merged into the generated one, key by key: a new top-level key
 *       is appended with its comments (and the schema admits it); a key the chart has takes the
 *       addition's value if it has the same type, and is a clash otherwise; a map the schema
 *       leaves open (annotations, nodeSelector, securityContext) may gain keys. A value that a
 *       setting of the build generates (the image, the migration command) must be set there, so
 *       that the chart's own tests and README stay true.</li>
 * </ul>
 *
 * The merged values.yaml is checked to parse to exactly the merged values.
 */
public final class AdditionsMerge {
    /** A problem's path for the additions themselves. */
    public static final String SETTING = "chart.additions";

    /**
     * Values keys that come from the build's settings, with the model path of the setting. A key
     * listed covers its whole value; {@code ValuesOwnershipTest} checks each exists in values.yaml.
     */
    static final Map<String, String> SET_BY_SETTINGS = orderedMap(
            "replicaCount", "app.replicas",
            "image.repository", "app.image.repository",
            "image.tag", "app.image.tag",
            "image.digest", "app.image.digest",
            "image.pullPolicy", "app.image.pullPolicy",
            "containerPort", "app.containerPort",
            "env", "app.env",
            "envFrom", "app.secretRefs",
            "config", "app.config",
            "livenessProbe", "app.livenessPath",
            "readinessProbe", "app.readinessPath",
            "resources", "app.resources",
            "podSecurityContext.runAsUser", "app.runAsUser",
            "podSecurityContext.runAsGroup", "app.runAsGroup",
            "securityContext.readOnlyRootFilesystem", "app.readOnlyRootFilesystem",
            "migration.enabled", "migration.enabled",
            "migration.mode", "migration.mode",
            "migration.wait", "migration.wait",
            "migration.waitForDatabase.enabled", "migration.waitForDatabase.enabled",
            "migration.waitForDatabase.command", "migration.waitForDatabase.command",
            "migration.waitForDatabase.intervalSeconds", "migration.waitForDatabase.intervalSeconds",
            "migration.contract.enabled", "migration.contract.enabled",
            "migration.contract.command", "migration.contract.command",
            "migration.contract.args", "migration.contract.args",
            "migration.contract.activeDeadlineSeconds", "migration.contract.activeDeadlineSeconds",
            "migration.image.repository", "migration.image.repository",
            "migration.image.tag", "migration.image.tag",
            "migration.image.digest", "migration.image.digest",
            "migration.image.pullPolicy", "migration.image.pullPolicy",
            "migration.command", "migration.command",
            "migration.args", "migration.args",
            "migration.env", "migration.env",
            "migration.appEnv", "migration.preset",
            "migration.envFrom", "migration.secretRefs",
            "migration.useAppConfig", "migration.useAppConfig",
            "migration.backoffLimit", "migration.backoffLimit",
            "migration.activeDeadlineSeconds", "migration.activeDeadlineSeconds",
            "migration.hookWeight", "migration.hookWeight",
            "migration.hookDeletePolicy", "migration.hookDeletePolicy",
            "migration.resources", "migration.resources",
            "migration.podAnnotations", "migration.podAnnotations",
            "migration.serviceAccount.name", "migration.serviceAccountName",
            "migration.podSecurityContext.runAsUser", "migration.runAsUser",
            "migration.podSecurityContext.runAsGroup", "migration.runAsGroup",
            "migration.securityContext.readOnlyRootFilesystem", "migration.readOnlyRootFilesystem");

    /** The merged chart, or the problems that keep the additions out. */
    public record Result(RenderedChart chart, List<Problem> problems) {}

    private final ChartAdditions additions;
    private final List<Problem> problems = new ArrayList<>();
    private final List<List<String>> replaced = new ArrayList<>();
    private final List<String> appended = new ArrayList<>();
    private JsonNode schema;

    private AdditionsMerge(ChartAdditions additions) {
        this.additions = additions;
    }

    /** The problems of the additions' files alone: those that would replace generated files. */
    public static List<Problem> fileProblems(ChartAdditions additions) {
        List<Problem> problems = new ArrayList<>();
        for (String path : additions.files().keySet()) {
            if (path.equals(ChartAdditions.VALUES)) {
                continue;
            }
            if (ChartFile.ALL.stream().anyMatch(file -> file.path().equals(path))) {
                problems.add(new Problem(SETTING, additions.show(path), "has the name of a file the plugin generates ("
                        + path + "); give it another name, or change the generated one through the build's settings"));
            } else if (path.startsWith("charts/")) {
                problems.add(new Problem(SETTING, additions.show(path), "is a subchart; the generated Chart.yaml declares"
                        + " no dependencies, so make a chart of your own that depends on this one instead"));
            }
        }
        return problems;
    }

    /** The generated chart with the spec's additions merged in. */
    static Result apply(ChartSpec spec, RenderedChart generated) {
        ChartAdditions additions = spec.additions();
        if (additions.isEmpty()) {
            return new Result(generated, List.of());
        }
        AdditionsMerge merge = new AdditionsMerge(additions);
        merge.problems.addAll(fileProblems(additions));
        SortedMap<String, String> files = new TreeMap<>(generated.files());
        additions.files().forEach((path, content) -> {
            if (!path.equals(ChartAdditions.VALUES)) {
                files.putIfAbsent(path, content);
            }
        });
        String values = additions.files().get(ChartAdditions.VALUES);
        if (values != null) {
            merge.schema = readJson(generated.file("values.schema.json"));
            merge.mergeValues(generated.file("values.yaml"), values).ifPresent(merged -> {
                files.put("values.yaml", merged);
                files.put("values.schema.json", merge.schemaWithAppendedKeys(generated.file("values.schema.json")));
            });
        }
        files.put("README.md", generated.file("README.md") + merge.readmeSection());
        return new Result(new RenderedChart(generated.name(), files), List.copyOf(merge.problems));
    }

    private Optional<String> mergeValues(String generatedText, String additionText) {
        String origin = additions.show(ChartAdditions.VALUES);
        Map<String, Object> generated = load(generatedText);
        Object loaded;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            loaded = new Yaml(options).load(additionText);
        } catch (YAMLException e) {
            problems.add(new Problem(SETTING, origin, "is not valid YAML: " + e.getMessage().lines().findFirst().orElse("")));
            return Optional.empty();
        }
        if (loaded == null) {
            return Optional.of(generatedText);
        }
        if (!(loaded instanceof Map<?, ?> given)) {
            problems.add(new Problem(SETTING, origin, "must be a map of values keys, like the generated values.yaml"));
            return Optional.empty();
        }
        Map<String, Object> merged = deepCopy(generated);
        walk(List.of(), generated, given, merged, schema);
        if (!problems.isEmpty()) {
            return Optional.empty();
        }
        ValuesText text = new ValuesText(generatedText);
        String marker = "from " + origin;
        for (List<String> path : replaced) {
            text.replace(path, at(merged, path), marker);
        }
        if (!appended.isEmpty()) {
            text.append("# From " + origin + ", the project's own values.\n" + topLevelBlocks(additionText, appended));
        }
        String result = text.text();
        if (!Objects.equals(load(result), merged)) {
            throw new IllegalStateException("merging " + origin + " into values.yaml gave other values than the merge itself;"
                    + " this is a bug of migration-chart, please report it with that file");
        }
        return Optional.of(result);
    }

    private void walk(List<String> path, Map<String, Object> generated, Map<?, ?> given, Map<String, Object> merged, JsonNode schemaNode) {
        for (Map.Entry<?, ?> entry : given.entrySet()) {
            String key = String.valueOf(entry.getKey());
            List<String> keyPath = append(path, key);
            String dotted = String.join(".", keyPath);
            Object value = entry.getValue();
            String owner = owner(dotted);
            if (owner != null) {
                problems.add(new Problem(owner, dotted + " in " + additions.show(ChartAdditions.VALUES),
                        "is generated from this setting of the build; set it there instead, so that the chart's"
                                + " unit tests and README follow it"));
                continue;
            }
            if (!generated.containsKey(key)) {
                if (path.isEmpty()) {
                    appended.add(key);
                    merged.put(key, value);
                } else if (allowsNewKeys(schemaNode)) {
                    merged.put(key, value);
                    markReplaced(path);
                } else {
                    problems.add(new Problem(SETTING, dotted + " in " + additions.show(ChartAdditions.VALUES),
                            "is not a key of the generated chart, and values.schema.json refuses new keys under "
                                    + String.join(".", path) + "; new values of the project's own templates go at the top level"));
                }
                continue;
            }
            Object current = generated.get(key);
            String currentType = typeOf(current);
            String givenType = typeOf(value);
            if (!currentType.equals(givenType)) {
                problems.add(new Problem(SETTING, dotted + " in " + additions.show(ChartAdditions.VALUES),
                        "is " + article(givenType) + " there, but the generated values.yaml has " + article(currentType)
                                + " (" + YamlText.scalar(current instanceof Map || current instanceof List ? emptyLike(current) : current)
                                + "); give it the generated type"));
                continue;
            }
            if (current instanceof Map<?, ?> currentMap && value instanceof Map<?, ?> givenMap) {
                @SuppressWarnings("unchecked")
                Map<String, Object> child = (Map<String, Object>) merged.get(key);
                @SuppressWarnings("unchecked")
                Map<String, Object> generatedChild = (Map<String, Object>) currentMap;
                walk(keyPath, generatedChild, givenMap, child, property(schemaNode, key));
            } else if (!Objects.equals(current, value)) {
                merged.put(key, value);
                markReplaced(keyPath);
            }
        }
    }

    /** The setting a values key comes from, if it (or a key above it) is set by the build. */
    private static String owner(String dotted) {
        for (Map.Entry<String, String> owned : SET_BY_SETTINGS.entrySet()) {
            if (dotted.equals(owned.getKey()) || dotted.startsWith(owned.getKey() + ".")) {
                return owned.getValue();
            }
        }
        return null;
    }

    /** Records that the value at {@code path} is written anew; a path inside one already written is covered. */
    private void markReplaced(List<String> path) {
        for (List<String> done : replaced) {
            if (path.size() >= done.size() && path.subList(0, done.size()).equals(done)) {
                return;
            }
        }
        replaced.removeIf(done -> done.size() > path.size() && done.subList(0, path.size()).equals(path));
        replaced.add(path);
    }

    /** Whether the schema lets the object at this node have keys it does not list. */
    private boolean allowsNewKeys(JsonNode node) {
        JsonNode resolved = resolve(node);
        return resolved == null || !resolved.path("additionalProperties").isBoolean()
                || resolved.path("additionalProperties").asBoolean();
    }

    private JsonNode property(JsonNode node, String key) {
        JsonNode resolved = resolve(node);
        return resolved == null ? null : resolved.path("properties").get(key);
    }

    private JsonNode resolve(JsonNode node) {
        JsonNode current = node;
        while (current != null && current.has("$ref")) {
            String ref = current.get("$ref").asText();
            current = schema.at(ref.substring(1));
        }
        return current;
    }

    /** The schema with a permissive entry for every top-level key the additions brought. */
    private String schemaWithAppendedKeys(String schemaText) {
        if (appended.isEmpty()) {
            return schemaText;
        }
        String closing = "\n  }\n}";
        int end = schemaText.lastIndexOf(closing);
        StringBuilder entries = new StringBuilder();
        for (String key : appended) {
            entries.append(",\n    ").append(YamlText.quote(key))
                    .append(": {\"description\": ").append(YamlText.quote("from " + additions.show(ChartAdditions.VALUES))).append("}");
        }
        String result = schemaText.substring(0, end) + entries + schemaText.substring(end);
        JsonNode parsed = readJson(result);
        for (String key : appended) {
            if (!parsed.path("properties").has(key)) {
                throw new IllegalStateException("values.schema.json lost the key " + key + "; this is a bug of migration-chart");
            }
        }
        return result;
    }

    private String readmeSection() {
        StringBuilder out = new StringBuilder("\n## Additions from the project\n\nMerged from `" + additions.origin()
                + "` when the chart was generated:\n\n");
        additions.files().keySet().stream().filter(path -> !path.equals(ChartAdditions.VALUES))
                .forEach(path -> out.append("- `").append(path).append("`\n"));
        replaced.forEach(path -> out.append("- `").append(String.join(".", path)).append("`: value from `")
                .append(ChartAdditions.VALUES).append("`\n"));
        appended.forEach(key -> out.append("- `").append(key).append("`: a value of the project's own (see values.yaml)\n"));
        return out.toString();
    }

    /** The text of the given top-level keys in the additions' file, each with the comment lines above it. */
    private static String topLevelBlocks(String text, List<String> keys) {
        List<String> lines = text.lines().toList();
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String key = topLevelKey(line);
            if (key == null || !keys.contains(key)) {
                continue;
            }
            int start = i;
            while (start > 0 && lines.get(start - 1).startsWith("#")) {
                start--;
            }
            int end = i + 1;
            while (end < lines.size() && topLevelKey(lines.get(end)) == null
                    && !(lines.get(end).startsWith("#") && nextIsTopLevel(lines, end))) {
                end++;
            }
            while (end > i + 1 && lines.get(end - 1).isBlank()) {
                end--;
            }
            lines.subList(start, end).forEach(l -> out.append(l).append('\n'));
        }
        return out.toString();
    }

    private static boolean nextIsTopLevel(List<String> lines, int from) {
        for (int i = from; i < lines.size(); i++) {
            if (!lines.get(i).startsWith("#")) {
                return topLevelKey(lines.get(i)) != null;
            }
        }
        return true;
    }

    /** The key of a line that starts a top-level entry, or null. */
    private static String topLevelKey(String line) {
        if (line.isEmpty() || line.charAt(0) == ' ' || line.charAt(0) == '#' || line.charAt(0) == '-' || !line.contains(":")) {
            return null;
        }
        Object parsed = new Yaml(new LoaderOptions()).load(line.substring(0, line.indexOf(':') + 1) + " 0");
        return parsed instanceof Map<?, ?> map && map.size() == 1 ? String.valueOf(map.keySet().iterator().next()) : null;
    }

    private static String typeOf(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Map) {
            return "map";
        }
        if (value instanceof List) {
            return "list";
        }
        if (value instanceof Boolean) {
            return "boolean";
        }
        if (value instanceof Number) {
            return "number";
        }
        return "string";
    }

    private static String article(String type) {
        return type.equals("null") ? "null" : "a " + type;
    }

    private static Object emptyLike(Object value) {
        return value instanceof Map ? Map.of() : List.of();
    }

    @SuppressWarnings("unchecked")
    private static Object at(Map<String, Object> root, List<String> path) {
        Object current = root;
        for (String key : path) {
            current = ((Map<String, Object>) current).get(key);
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> deepCopy(Map<String, Object> map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((key, value) -> copy.put(key, value instanceof Map<?, ?> child ? deepCopy((Map<String, Object>) child) : value));
        return copy;
    }

    private static Map<String, Object> load(String text) {
        return new Yaml(new LoaderOptions()).load(text);
    }

    private static JsonNode readJson(String text) {
        try {
            return new ObjectMapper().readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> append(List<String> path, String key) {
        List<String> out = new ArrayList<>(path);
        out.add(key);
        return List.copyOf(out);
    }

    private static Map<String, String> orderedMap(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return Collections.unmodifiableMap(map);
    }
}
