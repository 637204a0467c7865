package io.github.migrationchart.it;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Assertions on what a user reads when a build fails: every expected line, and no stack trace. */
final class Reports {
    private Reports() {}

    /**
     * @param output    the build log or command output the user sees
     * @param situation what went wrong, for the failure message, e.g. "a user mistake"
     * @param expected  texts the output must contain
     */
    static void assertReportedWithoutStackTrace(String output, String situation, String... expected) {
        for (String text : expected) {
            assertTrue(output.contains(text), "output lacks:\n" + text + "\n---\n" + output);
        }
        assertFalse(output.contains("\tat "), "no stack trace for " + situation + ":\n" + output);
    }
}
