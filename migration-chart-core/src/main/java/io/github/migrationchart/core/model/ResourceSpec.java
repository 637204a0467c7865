package io.github.migrationchart.core.model;

import java.util.Map;

/**
 * Container resource requests and limits, as Kubernetes quantities keyed by resource name
 * ({@code cpu}, {@code memory}, ...).
 */
public record ResourceSpec(Map<String, String> requests, Map<String, String> limits) {
    public static final ResourceSpec NONE = new ResourceSpec(Map.of(), Map.of());

    /** What a migration Job gets unless configured: enough for a schema migration, bounded. */
    public static final ResourceSpec MIGRATION_DEFAULT = new ResourceSpec(
            Map.of("cpu", "100m", "memory", "256Mi", "ephemeral-storage", "64Mi"),
            Map.of("cpu", "1", "memory", "512Mi", "ephemeral-storage", "512Mi"));

    /**
     * What the application gets unless configured: a bounded starting point that schedules on any
     * node and fits a typical JVM or PHP service. Size it from real usage with the app's resources.
     */
    public static final ResourceSpec APP_DEFAULT = new ResourceSpec(
            Map.of("cpu", "100m", "memory", "256Mi", "ephemeral-storage", "64Mi"),
            Map.of("cpu", "1", "memory", "1Gi", "ephemeral-storage", "1Gi"));

    public ResourceSpec {
        requests = Collections2.sorted(requests);
        limits = Collections2.sorted(limits);
    }

    public boolean isEmpty() {
        return requests.isEmpty() && limits.isEmpty();
    }
}
