package io.github.migrationchart.plugins.common.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A kubeconfig as client-go loads it: one file, or several merged, where the first file to define a
 * cluster, user or context of a name keeps it and the first to set {@code current-context} sets
 * it. File paths in each file (certificate-authority, client-certificate, client-key, tokenFile,
 * an exec command with a directory) are made absolute against the directory of that file.
 *
 * @param files          the files read, in order
 * @param currentContext the name of the current context, or null
 * @param clusters       the {@code cluster} of each entry of {@code clusters}, by name
 * @param users          the {@code user} of each entry of {@code users}, by name
 * @param contexts       the {@code context} of each entry of {@code contexts}, by name
 */
record Kubeconfig(List<Path> files, String currentContext, Map<String, JsonNode> clusters,
                  Map<String, JsonNode> users, Map<String, JsonNode> contexts) {
    Kubeconfig {
        files = List.copyOf(files);
        clusters = Map.copyOf(clusters);
        users = Map.copyOf(users);
        contexts = Map.copyOf(contexts);
    }

    /** The files to read, as client-go chooses them: the explicit one, else those of $KUBECONFIG, else ~/.kube/config. */
    static List<Path> locations(Path explicit, Environment environment) {
        if (explicit != null) {
            return List.of(explicit);
        }
        String variable = environment.variable("KUBECONFIG");
        if (variable == null) {
            return List.of(environment.home().resolve(".kube").resolve("config"));
        }
        return Stream.of(variable.split(File.pathSeparator)).filter(name -> !name.isEmpty()).map(Path::of).distinct().toList();
    }

    /**
     * The kubeconfig of {@link #locations}, merged; empty when none of the files exists (those of
     * $KUBECONFIG that do not exist are skipped, as by client-go), except the explicit one, which must.
     */
    static Optional<Kubeconfig> find(Path explicit, Environment environment) throws KubeException {
        if (explicit != null && !Files.exists(explicit)) {
            throw new KubeException("the kubeconfig " + explicit + " does not exist");
        }
        Kubeconfig merged = null;
        for (Path file : locations(explicit, environment)) {
            if (Files.exists(file)) {
                Kubeconfig config = read(file);
                merged = merged == null ? config : merged.merge(config);
            }
        }
        return Optional.ofNullable(merged);
    }

    /** One kubeconfig file, its relative paths made absolute. */
    static Kubeconfig read(Path file) throws KubeException {
        Object yaml;
        try {
            yaml = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException | YAMLException e) {
            throw new KubeException("cannot read the kubeconfig " + file + ": " + e.getMessage(), e);
        }
        if (yaml != null && !(yaml instanceof Map)) {
            throw new KubeException("the kubeconfig " + file + " is not a YAML mapping");
        }
        JsonNode root = new ObjectMapper().valueToTree(yaml == null ? Map.of() : yaml);
        Path directory = file.toAbsolutePath().getParent();
        Map<String, JsonNode> clusters = named(root, "clusters", "cluster");
        clusters.values().forEach(cluster -> absolute(cluster, "certificate-authority", directory));
        Map<String, JsonNode> users = named(root, "users", "user");
        for (JsonNode user : users.values()) {
            Stream.of("client-certificate", "client-key", "tokenFile").forEach(field -> absolute(user, field, directory));
            String command = text(user.path("exec"), "command");
            if (command != null && command.contains(File.separator)) {
                absolute(user.get("exec"), "command", directory);
            }
        }
        return new Kubeconfig(List.of(file), text(root, "current-context"), clusters, users, named(root, "contexts", "context"));
    }

    /** This kubeconfig with what {@code later} adds: names and a current-context this one does not have. */
    Kubeconfig merge(Kubeconfig later) {
        List<Path> both = new ArrayList<>(files);
        both.addAll(later.files());
        return new Kubeconfig(both, currentContext != null ? currentContext : later.currentContext(),
                firstWins(clusters, later.clusters()), firstWins(users, later.users()), firstWins(contexts, later.contexts()));
    }

    /** The field's text, or null when it is absent, null or empty. */
    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() || value.isContainerNode() || value.asText().isEmpty() ? null : value.asText();
    }

    /** The bytes of a file the kubeconfig names; {@code what} says which setting named it. */
    static byte[] bytes(Path file, String what) throws KubeException {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new KubeException("cannot read " + what + " " + file + " (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    private static Map<String, JsonNode> named(JsonNode root, String list, String field) {
        Map<String, JsonNode> byName = new LinkedHashMap<>();
        for (JsonNode entry : root.path(list)) {
            String name = text(entry, "name");
            JsonNode value = entry.get(field);
            if (name != null && value != null && value.isObject()) {
                byName.putIfAbsent(name, value);
            }
        }
        return byName;
    }

    private static void absolute(JsonNode node, String field, Path directory) {
        String path = text(node, field);
        if (path != null && !Path.of(path).isAbsolute()) {
            ((ObjectNode) node).put(field, directory.resolve(path).normalize().toString());
        }
    }

    private static Map<String, JsonNode> firstWins(Map<String, JsonNode> first, Map<String, JsonNode> later) {
        Map<String, JsonNode> merged = new LinkedHashMap<>(first);
        later.forEach(merged::putIfAbsent);
        return merged;
    }
}
