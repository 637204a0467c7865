package io.github.migrationchart.maven;

import java.util.List;

/** The text of the failure shown when the POM configuration has problems. */
final class ConfigurationErrors {
    private ConfigurationErrors() {}

    static String message(List<String> errors) {
        return list(errors, " in the <configuration> of migration-maven-plugin:")
                + "\nFix them in pom.xml; nothing was written.";
    }

    /** Problems with the settings of one goal (POM or {@code -D}), such as {@code migration:render}. */
    static String goalMessage(String goal, List<String> errors) {
        return list(errors, " with the settings of migration:" + goal + ":");
    }

    /** How a goal setting is named in messages: {@code <values> (-Dmigration.render.values)}. */
    static String setting(String name, String property) {
        return "<" + name + "> (-D" + property + ")";
    }

    private static String list(List<String> errors, String what) {
        StringBuilder out = new StringBuilder();
        out.append(errors.size()).append(errors.size() == 1 ? " problem" : " problems").append(what);
        for (String error : errors) {
            out.append("\n  - ").append(error);
        }
        return out.toString();
    }
}
