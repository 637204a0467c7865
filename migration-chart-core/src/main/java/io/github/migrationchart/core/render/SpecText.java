package io.github.migrationchart.core.render;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The text {@link ChartFingerprint} digests for a spec: every component of every record, in the
 * order the record declares them; maps and lists in their own order; every string with its length
 * in front, so that no character inside a value can pass for a separator ({@code ["a, b"]} and
 * {@code ["a", "b"]} differ, as the records' {@code toString()} does not tell them apart).
 *
 * <p>The components are read through the records API ({@link Class#getRecordComponents()}, the
 * public accessors of the model's public records) instead of the records' {@code toString()}: the
 * first call of a record's generated {@code toString()} costs its invokedynamic bootstrap, about
 * 95 ms for the dozen record types of a spec in a cold JVM, which was the largest part of what an
 * up-to-date build spends in this library. Reading them this way takes about 2 ms.
 */
final class SpecText {
    private SpecText() {}

    /** The text of {@code spec}, a record of the model. */
    static String of(Record spec) {
        StringBuilder out = new StringBuilder(4096);
        append(spec, out);
        return out.toString();
    }

    private static void append(Object value, StringBuilder out) {
        if (value instanceof Record record) {
            appendRecord(record, out);
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                append(entry.getKey(), out);
                out.append('=');
                append(entry.getValue(), out);
                out.append(';');
            }
            out.append('}');
        } else if (value instanceof Collection<?> items) {
            out.append('[');
            for (Object item : items) {
                append(item, out);
                out.append(';');
            }
            out.append(']');
        } else if (value instanceof CharSequence text) {
            out.append(text.length()).append('"').append(text);
        } else if (value instanceof Enum<?> constant) {
            out.append(constant.getDeclaringClass().getName()).append('.').append(constant.name());
        } else if (value == null || value instanceof Number || value instanceof Boolean || value instanceof OptionalInt) {
            out.append(value);
        } else {
            // A type the model does not use today: its class and its text, a value that is at worst
            // unstable, so that the chart is generated again rather than kept by mistake.
            out.append(value.getClass().getName()).append(':');
            append(value.toString(), out);
        }
    }

    private static void appendRecord(Record record, StringBuilder out) {
        out.append(record.getClass().getName()).append('(');
        for (RecordComponent component : record.getClass().getRecordComponents()) {
            out.append(component.getName()).append('=');
            append(componentValue(record, component), out);
            out.append(',');
        }
        out.append(')');
    }

    private static Object componentValue(Record record, RecordComponent component) {
        try {
            return component.getAccessor().invoke(record);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + record.getClass().getName() + "." + component.getName()
                    + "; every record of the model must be public", e);
        }
    }
}
