package io.github.migrationchart.core.validation;

/**
 * One thing wrong with a chart specification.
 *
 * @param path    where, as a model path such as {@code migration.args} or {@code app.config["KEY"]}
 * @param value   the offending value as the user gave it (may be empty)
 * @param message what is wrong and how to fix it, in one or two sentences
 */
public record Problem(String path, String value, String message) {

    /** The problem as one line, naming the setting with {@code settingName} instead of the model path. */
    public String describe(String settingName) {
        return settingName + " = \"" + printable(value) + "\": " + message;
    }

    @Override
    public String toString() {
        return describe(path);
    }

    /** Shows control characters and long values so that an error message stays one line. */
    public static String printable(String value) {
        StringBuilder out = new StringBuilder();
        value.codePoints().limit(120).forEach(c -> {
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '"' -> out.append("\\\"");
                default -> {
                    if (Character.isISOControl(c)) {
                        out.append(String.format("\\u%04x", c));
                    } else {
                        out.appendCodePoint(c);
                    }
                }
            }
        });
        return value.codePointCount(0, value.length()) > 120 ? out + "..." : out.toString();
    }
}
