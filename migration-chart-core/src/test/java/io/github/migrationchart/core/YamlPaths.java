package io.github.migrationchart.core;

import java.util.List;
import java.util.Map;

/** Reads parsed YAML by path: map keys, and list indexes as integers. */
public final class YamlPaths {
    private YamlPaths() {}

    @SuppressWarnings("unchecked")
    public static <T> T at(Object node, Object... path) {
        Object current = node;
        for (Object step : path) {
            current = step instanceof Integer i ? ((List<?>) current).get(i) : ((Map<?, ?>) current).get(step);
        }
        return (T) current;
    }
}
