package io.github.migrationchart.plugins.common;

import io.github.migrationchart.core.validation.Problem;

import java.util.List;

/** {@code true} or {@code false}, as a goal setting gives it. */
public final class Booleans {
    private Booleans() {}

    /** The value; the default when empty; a problem naming {@code setting} otherwise. */
    public static boolean read(String value, Setting setting, boolean defaultValue, List<String> errors) {
        String text = value == null ? "" : value.strip();
        return switch (text) {
            case "" -> defaultValue;
            case "true" -> true;
            case "false" -> false;
            default -> {
                errors.add(setting.display() + " = \"" + Problem.printable(text) + "\": must be true or false");
                yield defaultValue;
            }
        };
    }
}
