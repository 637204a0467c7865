package io.github.migrationchart.core.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Null-tolerant immutable copies. Generated charts must be byte-identical for the same input,
 * so maps whose order carries no meaning are sorted; env maps keep the caller's order because
 * a later variable may refer to an earlier one with {@code $(NAME)}.
 */
final class Collections2 {
    private Collections2() {}

    static List<String> copy(List<String> list) {
        return list == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(list));
    }

    static <V> Map<String, V> ordered(Map<String, V> map) {
        return map == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    static Map<String, String> sorted(Map<String, String> map) {
        return map == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(map));
    }

    static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
