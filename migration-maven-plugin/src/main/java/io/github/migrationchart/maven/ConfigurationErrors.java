package io.github.migrationchart.maven;

import java.util.List;

/** The text of the failure shown when the POM configuration has problems. */
final class ConfigurationErrors {
    private ConfigurationErrors() {}

    static String message(List<String> errors) {
        StringBuilder out = new StringBuilder();
        out.append(errors.size()).append(errors.size() == 1 ? " problem" : " problems")
                .append(" in the <configuration> of migration-maven-plugin:");
        for (String error : errors) {
            out.append("\n  - ").append(error);
        }
        out.append("\nFix them in pom.xml; nothing was written.");
        return out.toString();
    }
}
