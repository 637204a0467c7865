package io.github.migrationchart.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs an external command and captures its output; fails loudly when it hangs. */
record Command(List<String> arguments, Map<String, String> environment) {

    /** What a finished command left behind. */
    record Result(List<String> command, int exitCode, String stdout, String stderr) {
        boolean succeeded() {
            return exitCode == 0;
        }

        /** Everything needed to understand a failure, for assertion messages. */
        String describe() {
            return String.join(" ", command) + "\nexit code " + exitCode + "\n--- stdout ---\n" + stdout
                    + "\n--- stderr ---\n" + stderr;
        }
    }

    static Command of(String... arguments) {
        return new Command(List.of(arguments), Map.of());
    }

    Command withEnvironment(Map<String, String> extra) {
        return new Command(arguments, extra);
    }

    Result run(Duration timeout) {
        try {
            Path out = Files.createTempFile("command-", ".out");
            Path err = Files.createTempFile("command-", ".err");
            try {
                ProcessBuilder builder = new ProcessBuilder(arguments)
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile());
                builder.environment().putAll(environment);
                Process process = builder.start();
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError("timed out after " + timeout + ": " + String.join(" ", arguments));
                }
                return new Result(arguments, process.exitValue(),
                        Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run " + String.join(" ", arguments) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted: " + String.join(" ", arguments), e);
        }
    }

    Result run() {
        return run(Duration.ofMinutes(2));
    }
}
