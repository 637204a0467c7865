package io.github.migrationchart.it;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A throwaway PostgreSQL server on 127.0.0.1 ({@code it-tests/db/postgres.sh}: Debian's
 * PostgreSQL, a temporary data directory), started once per test run and stopped when it ends.
 */
public final class LocalPostgres implements BeforeAllCallback, ParameterResolver {
    private static final Path SCRIPT = Path.of("db/postgres.sh");

    private final Map<String, String> settings;

    private LocalPostgres(Map<String, String> settings) {
        this.settings = settings;
    }

    /** JUnit's extension instance; the running server lives in the root store. */
    public LocalPostgres() {
        this(Map.of());
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        running(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == LocalPostgres.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return running(context);
    }

    private static LocalPostgres running(ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(LocalPostgres.class.getName(), key -> new Handle(start()), Handle.class).server;
    }

    private static LocalPostgres start() {
        LocalCluster.require(Command.of("bash", SCRIPT.toString(), "up").run(Duration.ofMinutes(10)));
        Command.Result env = LocalCluster.require(Command.of("bash", SCRIPT.toString(), "env").run());
        return of(env.stdout());
    }

    /** The server described by {@code KEY=value} lines (an optional {@code export } before each), as postgres.sh env prints them. */
    static LocalPostgres of(String envLines) {
        Map<String, String> settings = new LinkedHashMap<>();
        envLines.lines().map(line -> line.startsWith("export ") ? line.substring("export ".length()) : line)
                .filter(line -> line.contains("="))
                .forEach(line -> settings.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1)));
        if (!settings.containsKey("PGPORT")) {
            throw new AssertionError("no PostgreSQL settings in:\n" + envLines);
        }
        return new LocalPostgres(Map.copyOf(settings));
    }

    private record Handle(LocalPostgres server) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            Command.of("bash", SCRIPT.toString(), "down").run();
        }
    }

    /** The address pods connect to (the test cluster's bridge), when the server listens there. */
    String podHost() {
        String host = settings.getOrDefault("MIGRATION_CHART_PG_LISTEN", "");
        if (host.isBlank()) {
            throw new AssertionError("this PostgreSQL server is not reachable from pods: " + settings);
        }
        return host;
    }

    String port() {
        return settings.get("PGPORT");
    }

    String user() {
        return settings.get("PGUSER");
    }

    String password() {
        return settings.get("PGPASSWORD");
    }

    String jdbcUrl(String database) {
        return "jdbc:postgresql://" + settings.get("PGHOST") + ":" + settings.get("PGPORT") + "/" + database;
    }

    /**
     * A new, empty database (dropped first if a previous run left it). One at a time: scenarios
     * run concurrently, and PostgreSQL refuses to copy its template for two new databases at once.
     */
    synchronized String freshDatabase(String name) throws SQLException {
        try (Connection connection = connect(settings.get("PGDATABASE")); Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            statement.execute("CREATE DATABASE " + name);
        }
        return name;
    }

    /** The database is gone: connections to it fail until {@link #freshDatabase} creates it again. */
    synchronized void dropDatabase(String name) throws SQLException {
        try (Connection connection = connect(settings.get("PGDATABASE")); Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }

    Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), user(), password());
    }
}
