package io.github.migrationchart.plugins.common;

import java.util.List;

/**
 * Settings read from the user, and every problem found in them; use the value only when there is none.
 *
 * @param errors one line per problem, each naming the setting, the bad value and the fix
 * @param notes  what the build should tell about how it read them (an image pinned from a file the
 *               build wrote), one line each
 */
public record Validated<T>(T value, List<String> errors, List<String> notes) {

    public Validated {
        errors = List.copyOf(errors);
        notes = List.copyOf(notes);
    }

    public Validated(T value, List<String> errors) {
        this(value, errors, List.of());
    }

    static <T> Validated<T> of(T value, List<String> errors) {
        return new Validated<>(value, errors);
    }

    public boolean isValid() {
        return errors.isEmpty();
    }
}
