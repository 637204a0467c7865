package io.github.migrationchart.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * One run of the command line: parses the arguments, reads the configuration file and runs the
 * command. Exit codes: 0 done; 1 the command failed (a problem with the settings, a stale chart,
 * a chart Helm refuses, a file that cannot be written), as a Maven build fails; 2 the command
 * line itself is wrong.
 */
final class MigrationChartCli {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> environment;
    private final Path workingDirectory;

    MigrationChartCli(PrintStream out, PrintStream err, Map<String, String> environment, Path workingDirectory) {
        this.out = out;
        this.err = err;
        this.environment = environment;
        this.workingDirectory = workingDirectory;
    }

    int run(List<String> args) {
        CommandLine commandLine;
        try {
            commandLine = CommandLine.parse(args);
        } catch (CommandLine.UsageError e) {
            err.print("migration-chart: " + e.getMessage() + "\n\n" + usage());
            err.flush();
            return USAGE;
        }
        switch (commandLine.command()) {
            case "help" -> {
                out.print(usage());
                out.flush();
                return OK;
            }
            case "version" -> {
                out.println("migration-chart " + version());
                out.flush();
                return OK;
            }
            default -> {
                return runCommand(commandLine);
            }
        }
    }

    private int runCommand(CommandLine commandLine) {
        Path file = workingDirectory.resolve(commandLine.file()).toAbsolutePath().normalize();
        String shown = commandLine.file().toString();
        Console console = new Console(out, err, new YamlNotation(file.getFileName().toString()));
        try {
            ConfigFile.Contents contents = ConfigFile.read(file, shown, environment);
            if (!contents.readable()) {
                throw new Commands.Failure(contents.errors().get(0));
            }
            FileSettings settings = FileSettings.of(contents, shown, commandLine.properties());
            settings.warnings().forEach(console::warn);
            Commands commands = new Commands(settings, file.getParent(), console);
            switch (commandLine.command()) {
                case "generate" -> commands.generate();
                case "check" -> commands.check();
                case "render" -> commands.render();
                default -> throw new IllegalStateException("no command " + commandLine.command());
            }
            return OK;
        } catch (Commands.Failure e) {
            console.error(e.getMessage());
            return FAILED;
        } catch (IOException e) {
            console.error("migration-chart " + commandLine.command() + " failed: " + e);
            return FAILED;
        } finally {
            console.flush();
        }
    }

    static String usage() {
        return """
                Usage: migration-chart <command> [--file FILE] [-Dproperty=value]...

                Generates the Helm chart of migration-chart.yaml: the application's Deployment and
                Service, and the database migration Job that Helm runs before every install and upgrade.

                Commands (the Maven goals of the same names):
                  generate   write the chart to outputDirectory/chartName (default build/helm),
                             checked by helm lint --strict and helm template first
                  check      fail when the committed chart in chartDirectory is not what the file generates
                  render     print the chart's Kubernetes objects for given values (hooks included)

                Options:
                  -f, --file FILE       the configuration file (default: migration-chart.yaml); relative
                                        paths in it resolve against its directory
                  -Dproperty=value      a setting, over the file, under the Maven plugin's property name:
                                        -Dmigration.app.imageTag=1.5.0, -Dmigration.force=true
                  -h, --help            this text
                  --version             the version

                Exit codes: 0 done, 1 the command failed, 2 wrong command line.
                Settings: the README's "Without Maven" section and migration-chart.schema.json.
                """;
    }

    static String version() {
        Properties properties = new Properties();
        try (InputStream in = MigrationChartCli.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            return "unknown";
        }
        return properties.getProperty("version", "unknown");
    }
}
