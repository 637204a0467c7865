package io.github.migrationchart.core.render;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Writes user data as YAML text that every YAML parser reads back byte for byte.
 *
 * <p>Strings are always double-quoted, so {@code on}, {@code no}, {@code 0123}, {@code 1e3},
 * {@code ~}, {@code "}, {@code : }, {@code #} and {@code {{ }}} stay strings; anything a YAML
 * parser could fold or reject (control characters, NEL, line and paragraph separators, BOM,
 * unpaired surrogates) is escaped. Map keys are plain when that is unambiguous, quoted otherwise.
 * Output is block style with a fixed indent, so the same data always gives the same text.
 */
public final class YamlText {
    private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_./-]*");
    /** Words YAML 1.1 (Helm's parser) reads as booleans or null. */
    private static final Set<String> RESERVED = Set.of(
            "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO",
            "true", "True", "TRUE", "false", "False", "FALSE",
            "on", "On", "ON", "off", "Off", "OFF", "null", "Null", "NULL");

    private YamlText() {}

    /**
     * The value as it follows a key: {@code " <scalar>"}, {@code " []"} / {@code " {}"} for empty
     * collections, or a line break and a block indented by {@code indent} spaces.
     */
    public static String afterKey(Object value, int indent) {
        if (value instanceof Map<?, ?> map && !map.isEmpty() || value instanceof List<?> list && !list.isEmpty()) {
            StringBuilder out = new StringBuilder();
            writeBlock(out, value, indent);
            return out.toString();
        }
        return " " + scalar(value);
    }

    /** A scalar (or an empty collection) in flow form. */
    public static String scalar(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Boolean || value instanceof Integer || value instanceof Long
                || value instanceof BigInteger) {
            return value.toString();
        }
        if (value instanceof Double number && Double.isFinite(number)) {
            // a YAML 1.1 float keeps its point or exponent, so it reads back as a float
            return number.toString().replace("E", "e");
        }
        if (value instanceof Map<?, ?> map && map.isEmpty()) {
            return "{}";
        }
        if (value instanceof List<?> list && list.isEmpty()) {
            return "[]";
        }
        if (value instanceof String string) {
            return quote(string);
        }
        throw new IllegalArgumentException("no YAML form for " + value.getClass().getName());
    }

    /** Map key: plain when a YAML 1.1 parser reads it back as the same string, else quoted. */
    public static String key(String key) {
        return PLAIN_KEY.matcher(key).matches() && !RESERVED.contains(key) ? key : quote(key);
    }

    /** A YAML double-quoted scalar. */
    public static String quote(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                        out.append(c).append(value.charAt(++i));
                    } else if (needsEscape(c)) {
                        out.append(String.format("\\u%04X", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    private static boolean needsEscape(char c) {
        return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == '\u2028' || c == '\u2029' || c == '\uFEFF'
                || c == '\uFFFE' || c == '\uFFFF' || Character.isSurrogate(c);
    }

    private static void writeBlock(StringBuilder out, Object value, int indent) {
        String pad = " ".repeat(indent);
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                out.append('\n').append(pad).append(key(String.valueOf(entry.getKey()))).append(':');
                out.append(afterKey(entry.getValue(), indent + 2));
            }
        } else {
            for (Object item : (List<?>) value) {
                out.append('\n').append(pad).append('-');
                if (item instanceof Map<?, ?> map && !map.isEmpty()) {
                    // first key on the dash line, the others aligned under it
                    String block = afterKey(item, indent + 2);
                    out.append(' ').append(block.substring(indent + 3));
                } else {
                    out.append(afterKey(item, indent + 2));
                }
            }
        }
    }
}
