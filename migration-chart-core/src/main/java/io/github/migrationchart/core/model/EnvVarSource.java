package io.github.migrationchart.core.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where an environment variable's value comes from when it is not a plain value: Kubernetes'
 * {@code EnvVarSource}, e.g. one key of an existing Secret. Secret values never enter the chart.
 *
 * @param kind   {@code secretKeyRef}, {@code configMapKeyRef}, {@code fieldRef} or {@code resourceFieldRef}
 * @param fields its fields as Kubernetes names them, e.g. {@code name} and {@code key} of a
 *               {@code secretKeyRef}; kept sorted, so the chart is the same for the same input
 */
public record EnvVarSource(String kind, Map<String, String> fields) {

    /** A kind of source, with the fields it must have and the ones it may have. */
    public record Kind(String name, List<String> required, List<String> optional) {}

    public static final List<Kind> KINDS = List.of(
            new Kind("secretKeyRef", List.of("name", "key"), List.of("optional")),
            new Kind("configMapKeyRef", List.of("name", "key"), List.of("optional")),
            new Kind("fieldRef", List.of("fieldPath"), List.of("apiVersion")),
            new Kind("resourceFieldRef", List.of("resource"), List.of("containerName", "divisor")));

    public EnvVarSource {
        kind = Collections2.orEmpty(kind);
        fields = Collections2.sorted(fields);
    }

    public static EnvVarSource secretKey(String secret, String key) {
        return new EnvVarSource("secretKeyRef", Map.of("name", secret, "key", key));
    }

    public static Optional<Kind> kind(String name) {
        return KINDS.stream().filter(kind -> kind.name().equals(name)).findFirst();
    }

    public static List<String> kindNames() {
        return KINDS.stream().map(Kind::name).toList();
    }
}
