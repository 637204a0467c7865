package io.github.migrationchart.plugins.common;

import java.util.List;

/**
 * Settings read from the user, and every problem found in them; use the value only when there is none.
 *
 * @param errors one line per problem, each naming the setting, the bad value and the fix
 */
public record Validated<T>(T value, List<String> errors) {

    public Validated {
        errors = List.copyOf(errors);
    }

    static <T> Validated<T> of(T value, List<String> errors) {
        return new Validated<>(value, errors);
    }

    public boolean isValid() {
        return errors.isEmpty();
    }
}
