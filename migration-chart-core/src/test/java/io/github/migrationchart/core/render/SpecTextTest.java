package io.github.migrationchart.core.render;

import io.github.migrationchart.core.ExampleSpecs;
import io.github.migrationchart.core.model.ChartSpec;
import org.junit.jupiter.api.Test;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpecTextTest {

    record Pair(String left, List<String> right) {}

    @Test
    void aSeparatorInsideAStringIsNotOneOutsideIt() {
        assertNotEquals(SpecText.of(new Pair("a", List.of("b, c"))), SpecText.of(new Pair("a", List.of("b", "c"))));
        assertNotEquals(SpecText.of(new Pair("a;", List.of("b"))), SpecText.of(new Pair("a", List.of(";b"))));
        assertNotEquals(SpecText.of(new Pair("", List.of())), SpecText.of(new Pair(null, List.of())));
        assertEquals(SpecText.of(new Pair("a", List.of("b"))), SpecText.of(new Pair("a", List.of("b"))));
    }

    @Test
    void everyComponentOfTheSpecIsWritten() {
        String text = SpecText.of(ExampleSpecs.laravelApi());
        for (String component : componentNames(ChartSpec.class, new HashSet<>())) {
            assertTrue(text.contains(component + "="), component + " is missing from " + text);
        }
    }

    /** The fingerprint must see every value as itself: no type of the model may fall back to its toString(). */
    @Test
    void everyTypeInTheModelIsOneTheTextKnows() {
        List<String> unknown = new ArrayList<>();
        leafTypes(ChartSpec.class, "ChartSpec", new HashSet<>(), unknown);
        assertEquals(List.of(), unknown);
    }

    private static Set<String> componentNames(Class<?> record, Set<String> names) {
        for (RecordComponent component : record.getRecordComponents()) {
            names.add(component.getName());
            Class<?> type = component.getType();
            if (type.isRecord()) {
                componentNames(type, names);
            }
        }
        return names;
    }

    private static void leafTypes(Type type, String path, Set<Type> seen, List<String> unknown) {
        if (!seen.add(type)) {
            return;
        }
        if (type instanceof ParameterizedType parameterized) {
            Class<?> raw = (Class<?>) parameterized.getRawType();
            if (!Map.class.isAssignableFrom(raw) && !Collection.class.isAssignableFrom(raw)) {
                unknown.add(path + ": " + type);
            }
            for (Type argument : parameterized.getActualTypeArguments()) {
                leafTypes(argument, path + "<>", seen, unknown);
            }
        } else if (type instanceof Class<?> plain && plain.isRecord()) {
            for (RecordComponent component : plain.getRecordComponents()) {
                leafTypes(component.getGenericType(), path + "." + component.getName(), seen, unknown);
            }
        } else if (!(type instanceof Class<?> plain && (plain.isPrimitive() || plain.isEnum() || plain == String.class
                || plain == OptionalInt.class || Number.class.isAssignableFrom(plain) || plain == Boolean.class))) {
            unknown.add(path + ": " + type);
        }
    }
}
