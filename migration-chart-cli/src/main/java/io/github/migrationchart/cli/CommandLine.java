package io.github.migrationchart.cli;

import io.github.migrationchart.plugins.common.Suggestions;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The arguments of one run: {@code migration-chart <command> [--file F] [-Dproperty=value]...}.
 *
 * @param command    {@code generate}, {@code check}, {@code render}, {@code help} or {@code version}
 * @param file       the configuration file
 * @param properties the {@code -D} properties, in order
 */
record CommandLine(String command, Path file, Map<String, String> properties) {
    static final List<String> COMMANDS = List.of("generate", "check", "render");

    CommandLine {
        properties = Map.copyOf(properties);
    }

    /** The usage error, if the arguments are not a run. */
    static final class UsageError extends Exception {
        private static final long serialVersionUID = 1L;

        UsageError(String message) {
            super(message);
        }
    }

    static CommandLine parse(List<String> args) throws UsageError {
        String command = null;
        Path file = null;
        Map<String, String> properties = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("-h") || arg.equals("--help")) {
                return new CommandLine("help", Path.of(ConfigFile.DEFAULT_NAME), Map.of());
            } else if (arg.equals("--version")) {
                return new CommandLine("version", Path.of(ConfigFile.DEFAULT_NAME), Map.of());
            } else if (arg.equals("-f") || arg.equals("--file")) {
                if (i + 1 == args.size()) {
                    throw new UsageError(arg + " needs the configuration file, e.g. " + arg + " deploy/" + ConfigFile.DEFAULT_NAME);
                }
                file = Path.of(args.get(++i));
            } else if (arg.startsWith("--file=")) {
                file = Path.of(arg.substring("--file=".length()));
            } else if (arg.startsWith("-D")) {
                int equals = arg.indexOf('=');
                String name = equals < 0 ? arg.substring(2) : arg.substring(2, equals);
                if (name.isEmpty()) {
                    throw new UsageError(arg + " names no property; write -Dproperty=value, e.g. -Dmigration.app.imageTag=1.5.0");
                }
                // as Maven: -Dname alone means true
                properties.put(name, equals < 0 ? "true" : arg.substring(equals + 1));
            } else if (arg.startsWith("-")) {
                throw new UsageError("unknown option " + arg);
            } else if (command == null) {
                command = arg;
            } else {
                throw new UsageError("one command at a time: " + command + " and " + arg + " given");
            }
        }
        if (command == null) {
            throw new UsageError("no command given");
        }
        if (command.equals("help") || command.equals("version")) {
            return new CommandLine(command, Path.of(ConfigFile.DEFAULT_NAME), Map.of());
        }
        if (!COMMANDS.contains(command)) {
            String known = String.join(", ", COMMANDS);
            throw new UsageError("unknown command " + command + " (commands: " + known + ")"
                    + Suggestions.closest(command, COMMANDS).map(close -> "; did you mean " + close + "?").orElse(""));
        }
        return new CommandLine(command, file == null ? Path.of(ConfigFile.DEFAULT_NAME) : file, properties);
    }
}
