package io.github.migrationchart.plugins.common;

import io.github.migrationchart.core.model.ResourceSpec;

import java.util.Map;
import java.util.Set;

/**
 * Reads {@code <resources><requests><cpu>100m</cpu></requests><limits>...</limits></resources>}.
 */
final class ResourceSettings {
    private static final Set<String> KEYS = Set.of("requests", "limits");

    private ResourceSettings() {}

    /** The resources given, or {@code fallback} when the element is absent. */
    static ResourceSpec read(ConfigNode node, String setting, ConfigReader reader, ResourceSpec fallback) {
        if (node == null) {
            return fallback;
        }
        reader.rejectUnknownChildren(node, setting, KEYS);
        return new ResourceSpec(
                quantities(node.child("requests").orElse(null), setting + "<requests>", reader),
                quantities(node.child("limits").orElse(null), setting + "<limits>", reader));
    }

    private static Map<String, String> quantities(ConfigNode node, String setting, ConfigReader reader) {
        return node == null ? Map.of() : reader.map(node, setting);
    }
}
