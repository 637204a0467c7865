package io.github.migrationchart.plugins.common;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The text of the failure shown when the POM configuration has problems. */
public final class ConfigurationErrors {
    private ConfigurationErrors() {}

    public static String message(List<String> errors) {
        return list(errors, " in the <configuration> of migration-maven-plugin:")
                + "\nFix them in pom.xml; nothing was written.";
    }

    /** Problems with the settings of one goal (POM or {@code -D}), such as {@code migration:render}. */
    public static String goalMessage(String goal, List<String> errors) {
        return list(errors, " with the settings of migration:" + goal + ":");
    }

    /**
     * Every problem of a goal's run at once: with the goal's own settings ({@code -D} or POM) and with
     * the chart's; empty when there is none.
     */
    public static Optional<String> of(String goal, List<String> goalErrors, List<String> chartErrors) {
        if (goalErrors.isEmpty() && chartErrors.isEmpty()) {
            return Optional.empty();
        }
        if (goalErrors.isEmpty()) {
            return Optional.of(message(chartErrors));
        }
        List<String> all = new ArrayList<>(goalErrors);
        all.addAll(chartErrors);
        return Optional.of(goalMessage(goal, all) + "\nNothing was written.");
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
