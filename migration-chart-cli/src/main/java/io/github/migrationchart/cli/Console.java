package io.github.migrationchart.cli;

import java.io.PrintStream;

/**
 * Where a run's lines go: the manifests of {@code render} to standard output, so that they can be
 * piped; everything else (progress, warnings, errors) to standard error, in the file's terms.
 */
final class Console {
    private final PrintStream out;
    private final PrintStream err;
    private final YamlNotation notation;

    Console(PrintStream out, PrintStream err, YamlNotation notation) {
        this.out = out;
        this.err = err;
        this.notation = notation;
    }

    /** A line of the command's product (a manifest), as it is. */
    void out(String line) {
        out.println(line);
    }

    void info(String line) {
        err.println(notation.translate(line));
    }

    void warn(String line) {
        err.println("WARNING: " + notation.translate(line));
    }

    void error(String message) {
        err.println("ERROR: " + notation.translate(message));
    }

    void flush() {
        out.flush();
        err.flush();
    }
}
