/*
 * A stand-in for the Flyway command-line entry point (org.flywaydb.commandline.Main), used by the
 * migration contract tests. The real CLI of Flyway 13 cannot be assembled from Maven Central: its
 * Main needs flyway-core-utilities and flyway-command-mcp, which Redgate publishes only in its own
 * repository (and the CLI tarballs are not on Central either). This class drives the same
 * flyway-core API the real CLI drives, with the same configuration sources and console output
 * conventions, for the subset of the CLI that a migration Job uses:
 *
 *   flyway [options] migrate|info|validate|baseline|repair|clean ...
 *   flyway -v | --version | version        flyway -? | -h | --help | help
 *
 * Configuration, lowest to highest precedence (as in the real CLI's legacy configuration mode):
 *   1. defaults: flyway.locations=filesystem:<install dir>/sql (the real CLI's default),
 *      flyway.loggers=console
 *   2. legacy .conf files: those of -configFiles / FLYWAY_CONFIG_FILES (comma-separated), else
 *      <install dir>/conf/flyway.conf, ~/flyway.conf and ./flyway.conf where they exist;
 *      TOML files (flyway.toml) are NOT supported
 *   3. FLYWAY_* environment variables (FLYWAY_URL, FLYWAY_USER, FLYWAY_PASSWORD, FLYWAY_LOCATIONS,
 *      FLYWAY_SCHEMAS, FLYWAY_CLEAN_DISABLED, ...), mapped by flyway-core's ConfigUtils
 *   4. -key=value arguments (-url=..., -user=..., -locations=..., -X debug, -q quiet)
 *
 * Console output follows the real CLI's ConsoleLog: info lines on stdout, "WARNING: " on stdout,
 * "ERROR: " on stderr; a failure prints its condensed message chain (no stack trace unless -X)
 * and exits with status 1.
 *
 * Compiled by it-tests/tools/install-migration-clis.sh against flyway-core; not part of the
 * Maven build.
 */
package io.github.migrationchart.it.flywaycli;

import java.io.File;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.logging.Log;
import org.flywaydb.core.api.logging.LogCreator;
import org.flywaydb.core.api.logging.LogFactory;
import org.flywaydb.core.api.logging.LogLevel;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.core.internal.configuration.ConfigUtils;
import org.flywaydb.core.internal.info.MigrationInfoDumper;
import org.flywaydb.core.internal.license.VersionPrinter;

public final class FlywayCli {

    private enum Level { DEBUG, INFO, WARN }

    private static final Set<String> OPERATIONS =
        Set.of("migrate", "info", "validate", "baseline", "repair", "clean");

    /** Flags of the real CLI that change nothing here and are accepted for compatibility. */
    private static final Set<String> IGNORED_FLAGS =
        Set.of("-skipCheckForUpdate", "-community", "-n", "-color=never", "-color=auto", "-color=always");

    private static Level level = Level.INFO;

    private FlywayCli() {
    }

    public static void main(final String[] args) {
        int exitCode;
        try {
            exitCode = run(args);
        } catch (final Exception | LinkageError e) {
            printError(e);
            exitCode = 1;
        }
        System.out.flush();
        System.err.flush();
        System.exit(exitCode);
    }

    private static int run(final String[] args) {
        final List<String> operations = new ArrayList<>();
        final Map<String, String> argProperties = new LinkedHashMap<>();
        boolean version = false;
        boolean help = false;

        for (final String arg : args) {
            if (IGNORED_FLAGS.contains(arg)) {
                continue;
            }
            switch (arg) {
                case "-X" -> level = Level.DEBUG;
                case "-q" -> level = Level.WARN;
                case "-v", "--version", "version" -> version = true;
                case "-?", "-h", "--help", "help" -> help = true;
                default -> {
                    if (arg.startsWith("-") && arg.indexOf('=') > 1) {
                        final int eq = arg.indexOf('=');
                        String key = arg.substring(arg.startsWith("--") ? 2 : 1, eq);
                        if (!key.startsWith("flyway.")) {
                            key = "flyway." + key;
                        }
                        argProperties.put(key, arg.substring(eq + 1));
                    } else if (OPERATIONS.contains(arg)) {
                        operations.add(arg);
                    } else {
                        throw new FlywayException("Invalid argument: " + arg
                            + " (this launcher supports: " + String.join(", ", OPERATIONS.stream().sorted().toList())
                            + ", version, help and -key=value options)");
                    }
                }
            }
        }

        // The real CLI's console logger: installed as the creator for the "console" logger
        // (flyway.loggers=console is a default in configuration()) and until the configuration is loaded.
        final LogCreator console = clazz -> new ConsoleLog();
        LogFactory.setFallbackLogCreator(console);
        LogFactory.setLogCreator(console);
        LogFactory.setLogLevel(level == Level.DEBUG ? LogLevel.DEBUG : level == Level.WARN ? LogLevel.WARN : LogLevel.INFO);
        final Log log = LogFactory.getLog(FlywayCli.class);

        if (version) {
            printVersion(log);
            return 0;
        }
        if (help || operations.isEmpty()) {
            printUsage(); // like the real CLI: usage and exit status 0
            return 0;
        }

        final Flyway flyway = Flyway.configure(FlywayCli.class.getClassLoader())
            .configuration(configuration(argProperties))
            .load();

        log.info(edition());
        log.info("");
        for (final String operation : operations) {
            execute(flyway, operation, log);
        }
        return 0;
    }

    /**
     * The real CLI's (legacy configuration) precedence, lowest first: defaults, configuration
     * files, FLYWAY_* environment variables, -key=value arguments. Configuration files are the
     * -configFiles / FLYWAY_CONFIG_FILES list if given, else the default ones
     * (<install dir>/conf/flyway.conf, ~/flyway.conf, ./flyway.conf) that exist.
     */
    private static Map<String, String> configuration(final Map<String, String> argProperties) {
        final Map<String, String> env = ConfigUtils.environmentVariablesToPropertyMap();
        final Map<String, String> config = new LinkedHashMap<>();
        config.put("flyway.loggers", "console");
        final String installDir = System.getProperty("migrationchart.flyway.home", "");
        if (!installDir.isEmpty()) {
            config.put("flyway.locations", "filesystem:" + installDir + "/sql");
        }

        final String encoding = argProperties.getOrDefault(ConfigUtils.CONFIG_FILE_ENCODING,
            env.getOrDefault(ConfigUtils.CONFIG_FILE_ENCODING, "UTF-8"));
        final String configFiles = argProperties.getOrDefault(ConfigUtils.CONFIG_FILES,
            env.get(ConfigUtils.CONFIG_FILES));
        if (configFiles == null || configFiles.isBlank()) {
            config.putAll(ConfigUtils.loadDefaultConfigurationFiles(
                new File(installDir.isEmpty() ? "." : installDir), null, encoding));
        } else {
            for (final String file : configFiles.split(",")) {
                final String path = file.trim();
                if (path.endsWith(".toml")) {
                    throw new FlywayException("TOML configuration files are not supported by this launcher: " + path);
                }
                config.putAll(ConfigUtils.loadConfigurationFile(new File(path), encoding, true));
            }
        }
        config.putAll(env);
        config.putAll(argProperties);
        config.remove(ConfigUtils.CONFIG_FILES);
        config.remove(ConfigUtils.CONFIG_FILE_ENCODING);
        return config;
    }

    private static void execute(final Flyway flyway, final String operation, final Log log) {
        switch (operation) {
            case "migrate" -> {
                final MigrateResult result = flyway.migrate();
                if (!result.success) {
                    final int failed = result.getFailedMigrations() == null ? 0 : result.getFailedMigrations().size();
                    throw new FlywayException("Migration failed" + (failed == 0 ? "" : ": " + failed
                        + " migration(s) failed"));
                }
            }
            case "info" -> {
                final MigrationInfoService info = flyway.info();
                final MigrationInfo current = info.current();
                log.info("Schema version: " + (current == null || current.getVersion() == null
                    ? "<< Empty Schema >>" : current.getVersion().toString()));
                log.info("");
                log.info(MigrationInfoDumper.dumpToAsciiTable(info.all()));
            }
            case "validate" -> flyway.validate();
            case "baseline" -> flyway.baseline();
            case "repair" -> flyway.repair();
            case "clean" -> flyway.clean();
            default -> throw new FlywayException("Invalid operation: " + operation);
        }
    }

    private static String edition() {
        return "Flyway OSS Edition " + VersionPrinter.getVersion() + " by Redgate";
    }

    private static void printVersion(final Log log) {
        log.info(edition());
        log.info("");
        log.info("Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")");
        log.info(System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
            + System.getProperty("os.arch"));
        log.info("");
        log.info("migration-chart test launcher: flyway-core + flyway-database-postgresql on the classpath "
            + "(not the Redgate CLI distribution; configuration from FLYWAY_* env vars and -key=value)");
    }

    private static void printUsage() {
        final PrintStream out = System.out;
        out.println("Usage");
        out.println("=====");
        out.println();
        out.println("flyway [options] [command]");
        out.println();
        out.println("Commands: migrate, info, validate, baseline, repair, clean, version, help");
        out.println();
        out.println("Options: -key=value for any Flyway configuration property (e.g. -url=, -user=,");
        out.println("-password=, -locations=, -schemas=), -X (debug output), -q (quiet).");
        out.println("Environment: FLYWAY_* variables (FLYWAY_URL, FLYWAY_USER, FLYWAY_PASSWORD,");
        out.println("FLYWAY_LOCATIONS, ...); arguments win over the environment, which wins over");
        out.println(".conf files (-configFiles= / FLYWAY_CONFIG_FILES, else ./flyway.conf, ~/flyway.conf).");
    }

    /** The real CLI's error format: the message chain condensed, no stack trace unless -X. */
    private static void printError(final Throwable e) {
        if (level == Level.DEBUG) {
            System.err.println("ERROR: Unexpected error");
            e.printStackTrace(System.err);
            return;
        }
        final StringBuilder condensed = new StringBuilder();
        String preamble = "";
        for (Throwable t = e; t != null; t = t.getCause()) {
            condensed.append(preamble).append(t instanceof FlywayException ? t.getMessage() : t.toString());
            preamble = System.lineSeparator() + "Caused by: ";
            if (t.getCause() == t) {
                break;
            }
        }
        System.err.println("ERROR: " + condensed);
    }

    /** Same conventions as org.flywaydb.commandline.logging.console.ConsoleLog. */
    private static final class ConsoleLog implements Log {
        @Override
        @SuppressWarnings("deprecation")
        public boolean isDebugEnabled() {
            return level == Level.DEBUG;
        }

        @Override
        public void debug(final String message) {
            if (isDebugEnabled()) {
                System.out.println("DEBUG: " + message);
            }
        }

        @Override
        public void info(final String message) {
            if (level.compareTo(Level.INFO) <= 0) {
                System.out.println(message);
            }
        }

        @Override
        public void notice(final String message) {
            info(message);
        }

        @Override
        public void warn(final String message) {
            System.out.println("WARNING: " + message);
        }

        @Override
        public void error(final String message) {
            System.err.println("ERROR: " + message);
        }

        @Override
        public void error(final String message, final Exception e) {
            System.err.println("ERROR: " + message);
            e.printStackTrace(System.err);
        }
    }
}
