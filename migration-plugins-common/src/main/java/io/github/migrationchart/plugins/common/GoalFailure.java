package io.github.migrationchart.plugins.common;

/**
 * A goal failed for a reason the user can act on (a wrong setting, a failed migration, Helm
 * refusing the chart); its message says what happened and what to do. Build tools show the message
 * only, never a stack trace.
 */
public final class GoalFailure extends Exception {
    private static final long serialVersionUID = 1L;

    public GoalFailure(String message) {
        super(message);
    }
}
