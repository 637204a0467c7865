package io.github.migrationchart.it;

import io.github.migrationchart.it.Tools.HelmCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.github.migrationchart.it.Charts.at;
import static io.github.migrationchart.it.Charts.documents;
import static io.github.migrationchart.it.Charts.only;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The flyway and liquibase presets, proven against a real PostgreSQL: the migration container's
 * command, args, environment and security contexts are taken exactly as Helm renders them from the
 * fixture charts, the ConfigMaps and Secrets they reference are supplied here, and the container
 * runs in the tool's test image (it-tests/images) through Testcontainers, as the preset's user,
 * with the chart's read-only root filesystem. A container fits better than a pod here: each test
 * writes its migrations on this machine and mounts them, and runs the same spec three times.
 * The assertions are on the database: schema applied, a second run changes nothing, a broken
 * migration fails and leaves the previous schema intact.
 */
@ExtendWith(LocalPostgres.class)
class MigrationContractIT {

    private static final String FLYWAY_IMAGE = LocalCluster.IMAGES + "flyway:13.12.0";
    private static final String LIQUIBASE_IMAGE = LocalCluster.IMAGES + "liquibase:4.33.0";

    /** The Job's pod spec as Helm renders it. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> migrationPod(Path chart) {
        Command.Result job = HelmCli.HELM4.command("template", "demo", chart.toString(),
                "--show-only", "templates/migration-job.yaml").run();
        assertTrue(job.succeeded(), job.describe());
        return (Map<String, Object>) Charts.at(only(documents(job.stdout()), "Job"), "spec", "template", "spec");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> container(Map<String, Object> pod) {
        return (Map<String, Object>) at(pod, "containers", 0);
    }

    /** A directory that the container's non-root user can read. */
    private static Path readable(Path directory) throws IOException {
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
        return directory;
    }

    private static void writeReadable(Path file, String content) throws IOException {
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    }

    private static List<String> columns(Connection connection, String table) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (ResultSet rs = connection.getMetaData().getColumns(null, "public", table, null)) {
            while (rs.next()) {
                columns.add(rs.getString("COLUMN_NAME"));
            }
        }
        return columns;
    }

    private static List<String> strings(Connection connection, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    @Test
    void flywayPresetMigratesIdempotentlyAndFailsSafely(LocalPostgres postgres, @TempDir Path migrations) throws Exception {
        Map<String, Object> pod = migrationPod(Charts.fixture("preset-flyway").resolve("target/helm/orders-flyway"));
        Map<String, Object> container = container(pod);
        assertEquals(List.of("flyway"), container.get("command"));
        assertEquals(List.of("migrate"), container.get("args"));
        String database = postgres.freshDatabase("contract_flyway");
        readable(migrations);
        writeReadable(migrations.resolve("V1__create_orders.sql"),
                "CREATE TABLE orders (id bigint PRIMARY KEY, total numeric(10,2) NOT NULL);\n");
        Map<String, Map<String, String>> configMaps = Map.of("orders-flyway",
                Map.of("FLYWAY_LOCATIONS", "filesystem:" + migrations));
        Map<String, Map<String, String>> secrets = Map.of("orders-db-owner", Map.of(
                "FLYWAY_URL", postgres.jdbcUrl(database), "FLYWAY_USER", postgres.user(), "FLYWAY_PASSWORD", postgres.password()));

        ContainerRun.Result first = ContainerRun.run(pod, FLYWAY_IMAGE, configMaps, secrets, List.of(migrations));
        assertEquals(0, first.exitCode(), first.output());
        try (Connection db = postgres.connect(database)) {
            assertEquals(List.of("id", "total"), columns(db, "orders"));
            assertEquals(List.of("1"), strings(db, "SELECT version FROM flyway_schema_history WHERE success ORDER BY installed_rank"));
        }

        ContainerRun.Result second = ContainerRun.run(pod, FLYWAY_IMAGE, configMaps, secrets, List.of(migrations));
        assertEquals(0, second.exitCode(), second.output());
        try (Connection db = postgres.connect(database)) {
            assertEquals(List.of("1"), strings(db, "SELECT version FROM flyway_schema_history ORDER BY installed_rank"),
                    "a second run is a no-op");
        }

        writeReadable(migrations.resolve("V2__broken.sql"),
                "ALTER TABLE orders ADD COLUMN note text;\nINSERT INTO no_such_table VALUES (1);\n");
        ContainerRun.Result broken = ContainerRun.run(pod, FLYWAY_IMAGE, configMaps, secrets, List.of(migrations));
        assertNotEquals(0, broken.exitCode(), broken.output());
        assertFalse(broken.output().contains("\tat "), "an error message, not a stack trace:\n" + broken.output());
        try (Connection db = postgres.connect(database)) {
            assertEquals(List.of("id", "total"), columns(db, "orders"), "the failed V2 left the V1 schema intact");
            assertEquals(List.of("1"), strings(db, "SELECT version FROM flyway_schema_history WHERE success ORDER BY installed_rank"));
        }
    }

    @Test
    void liquibasePresetMigratesIdempotentlyAndFailsSafely(LocalPostgres postgres, @TempDir Path changelogs) throws Exception {
        Map<String, Object> pod = migrationPod(Charts.fixture("preset-liquibase").resolve("target/helm/orders-liquibase"));
        Map<String, Object> container = container(pod);
        assertEquals(List.of("liquibase"), container.get("command"));
        assertEquals(List.of("update"), container.get("args"));
        String database = postgres.freshDatabase("contract_liquibase");
        String v1 = """
                - changeSet:
                    id: 1-create-orders
                    author: contract-test
                    changes:
                      - createTable:
                          tableName: orders
                          columns:
                            - column: {name: id, type: bigint, constraints: {primaryKey: true}}
                            - column: {name: total, type: "numeric(10,2)", constraints: {nullable: false}}
                """;
        write(changelogs, v1);
        Map<String, Map<String, String>> configMaps = Map.of("orders-liquibase", Map.of(
                "LIQUIBASE_SEARCH_PATH", changelogs.toString(), "LIQUIBASE_COMMAND_CHANGELOG_FILE", "changelog.yaml"));
        Map<String, Map<String, String>> secrets = Map.of("orders-db-owner", Map.of(
                "LIQUIBASE_COMMAND_URL", postgres.jdbcUrl(database),
                "LIQUIBASE_COMMAND_USERNAME", postgres.user(), "LIQUIBASE_COMMAND_PASSWORD", postgres.password()));

        ContainerRun.Result first = ContainerRun.run(pod, LIQUIBASE_IMAGE, configMaps, secrets, List.of(changelogs));
        assertEquals(0, first.exitCode(), first.output());
        try (Connection db = postgres.connect(database)) {
            assertEquals(List.of("id", "total"), columns(db, "orders"));
            assertEquals(List.of("1-create-orders"), strings(db, "SELECT id FROM databasechangelog ORDER BY orderexecuted"));
        }

        ContainerRun.Result second = ContainerRun.run(pod, LIQUIBASE_IMAGE, configMaps, secrets, List.of(changelogs));
        assertEquals(0, second.exitCode(), second.output());
        try (Connection db = postgres.connect(database)) {
            assertEquals(List.of("1-create-orders"), strings(db, "SELECT id FROM databasechangelog ORDER BY orderexecuted"),
                    "a second run is a no-op");
        }

        write(changelogs, v1 + """
                - changeSet:
                    id: 2-broken
                    author: contract-test
                    changes:
                      - addColumn:
                          tableName: orders
                          columns:
                            - column: {name: note, type: text}
                      - sql: INSERT INTO no_such_table VALUES (1)
                """);
        ContainerRun.Result broken = ContainerRun.run(pod, LIQUIBASE_IMAGE, configMaps, secrets, List.of(changelogs));
        assertNotEquals(0, broken.exitCode(), broken.output());
        try (Connection db = postgres.connect(database)) {
            assertEquals(List.of("id", "total"), columns(db, "orders"), "the failed changeset left the previous schema intact");
            assertEquals(List.of("1-create-orders"), strings(db, "SELECT id FROM databasechangelog ORDER BY orderexecuted"));
            assertEquals(List.of("f"), strings(db, "SELECT locked::text FROM databasechangeloglock").stream()
                    .map(v -> v.substring(0, 1)).toList(), "the lock is released");
        }
    }

    private static void write(Path directory, String changeSets) throws IOException {
        readable(directory);
        writeReadable(directory.resolve("changelog.yaml"), "databaseChangeLog:\n" + changeSets.indent(2));
    }
}
