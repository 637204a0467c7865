package io.github.migrationchart.it;

import io.github.migrationchart.core.model.MigrationPreset;
import io.github.migrationchart.it.RealPods.ContainerRun;
import io.github.migrationchart.it.Tools.HelmCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import static io.github.migrationchart.it.Charts.at;
import static io.github.migrationchart.it.LocalCluster.require;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each preset's Job, generated with nothing but the preset, runs the real tool on the real node
 * (laravel: {@link ClusterScenariosIT}; spring-boot-flyway: below; rails, prisma and
 * spring-boot-liquibase have no test image yet, see it-tests/images/README.md),
 * under the chart's restricted defaults (the preset's {@code readOnlyRootFilesystem} and image
 * user), against the cluster's PostgreSQL; and what the kubelet does with each kind of image user
 * (a name, root, a number) when the chart sets none. The Helm 3/4 differences are covered by
 * {@link ClusterScenariosIT}; these run with Helm 4.
 */
@ExtendWith(LocalCluster.class)
class PresetsOnNodeIT {

    /** A preset, the test image that holds its tool and migrations, and the table it creates. */
    record Tool(MigrationPreset preset, String image, String table, Function<Database, Map<String, String>> settings) {
        @Override
        public String toString() {
            return preset.id();
        }
    }

    /** Where the migration connects, as the pods see the database. */
    record Database(String host, String port, String name, String user, String password) {
        String jdbcUrl() {
            return "jdbc:postgresql://" + host + ":" + port + "/" + name;
        }

        String url(String scheme) {
            return scheme + "://" + user + ":" + password + "@" + host + ":" + port + "/" + name;
        }
    }

    static Stream<Tool> tools() {
        return Stream.of(
                new Tool(MigrationPreset.LIQUIBASE, "liquibase:4.33.0", "accounts", db -> Map.of(
                        "LIQUIBASE_COMMAND_URL", db.jdbcUrl(), "LIQUIBASE_COMMAND_USERNAME", db.user(),
                        "LIQUIBASE_COMMAND_PASSWORD", db.password(), "LIQUIBASE_COMMAND_CHANGELOG_FILE", "changelog.yaml")),
                new Tool(MigrationPreset.FLYWAY, "flyway:13.12.0", "orders", db -> Map.of(
                        "FLYWAY_URL", db.jdbcUrl(), "FLYWAY_USER", db.user(), "FLYWAY_PASSWORD", db.password())),
                new Tool(MigrationPreset.GOLANG_MIGRATE, "golang-migrate:v4.20.1", "events", db -> Map.of(
                        "DATABASE_URL", db.url("postgres") + "?sslmode=disable")),
                new Tool(MigrationPreset.ALEMBIC, "alembic:1.0", "notes", db -> Map.of(
                        "DATABASE_URL", db.url("postgresql+psycopg2"))),
                new Tool(MigrationPreset.DJANGO, "django:1.0", "notes_note", db -> Map.of(
                        "DATABASE_URL", db.url("postgres"))));
    }

    /** A restricted namespace with a fresh database and the chart's Secret {@code shop-db} holding the tool's settings. */
    private static Database prepare(LocalCluster cluster, String namespace, Tool tool) throws SQLException {
        cluster.restrictedNamespace(namespace);
        LocalPostgres postgres = cluster.postgres();
        Database db = new Database(postgres.podHost(), postgres.port(), postgres.freshDatabase(namespace.replace('-', '_')),
                postgres.user(), postgres.password());
        List<String> create = new ArrayList<>(List.of("create", "secret", "generic", "shop-db", "-n", namespace));
        tool.settings().apply(db).forEach((key, value) -> create.add("--from-literal=" + key + "=" + value));
        require(cluster.kubectl(create.toArray(String[]::new)));
        return db;
    }

    private static boolean tableExists(LocalCluster cluster, Database db, String table) throws SQLException {
        try (Connection connection = cluster.postgres().connect(db.name());
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT to_regclass('public." + table + "') IS NOT NULL")) {
            row.next();
            return row.getBoolean(1);
        }
    }

    private static Map<String, Object> migrationPod(LocalCluster cluster, String namespace) {
        List<Map<String, Object>> pods = cluster.items(namespace, "pods", "-l", "app.kubernetes.io/component=migration");
        assertEquals(1, pods.size(), pods.toString());
        return pods.get(0);
    }

    @ParameterizedTest(name = "{0}: the preset's Job runs the real tool under the chart's restricted defaults")
    @MethodSource("tools")
    void presetJobMigratesOnTheRealNode(Tool tool, LocalCluster cluster) throws IOException, SQLException {
        String namespace = "preset-" + tool.preset().id();
        Database db = prepare(cluster, namespace, tool);
        Path chart = PresetsIT.chart(tool.preset());

        Command.Result install = cluster.helm(HelmCli.HELM4, "upgrade", "--install", "shop", chart.toString(), "-n", namespace,
                "--wait", "--timeout", "120s", "--set", "replicaCount=0",
                "--set", "migration.image.repository=" + LocalCluster.IMAGES + tool.image().split(":")[0],
                "--set", "migration.image.tag=" + tool.image().split(":")[1]);

        assertTrue(install.succeeded(), install.describe());
        Map<String, Object> pod = migrationPod(cluster, namespace);
        ContainerRun run = RealPods.container(pod, "migration");
        assertEquals(0, run.exitCode(), run + "\n" + cluster.kubectl("logs", "job/shop-migration", "-n", namespace).describe());
        assertTrue(tableExists(cluster, db, tool.table()), "the tool created " + tool.table());
        if (!tool.preset().databaseCheck().isEmpty()) {
            ContainerRun check = RealPods.container(pod, "wait-for-database");
            assertEquals(0, check.exitCode(), "the preset's database check ran in the tool's image and passed: " + check);
        }
        assertEquals(tool.preset().readOnlyRootFilesystem(),
                at(pod, "spec", "containers", 0, "securityContext", "readOnlyRootFilesystem"),
                "the preset's readOnlyRootFilesystem default, with which the tool just ran");
        Object uid = at(pod, "spec", "securityContext", "runAsUser");
        if (tool.preset().imageUser().uid().isPresent()) {
            assertEquals(tool.preset().imageUser().uid().getAsInt(), ((Number) uid).intValue(), "the preset's image user");
        } else {
            assertEquals(null, uid, "no uid known for " + tool + ": the image's numeric USER runs");
        }
    }

    /** The kubelet's verdict on each kind of image user when the chart sets no runAsUser. */
    static Stream<Object[]> imageUsers() {
        return Stream.of(
                new Object[] {"a name", tools().filter(t -> t.preset() == MigrationPreset.LIQUIBASE).findFirst().orElseThrow(),
                        "image has non-numeric user (liquibase), cannot verify user is non-root"},
                new Object[] {"root", tools().filter(t -> t.preset() == MigrationPreset.FLYWAY).findFirst().orElseThrow(),
                        "image will run as root"},
                new Object[] {"a number", tools().filter(t -> t.preset() == MigrationPreset.ALEMBIC).findFirst().orElseThrow(), ""});
    }

    @ParameterizedTest(name = "an image whose USER is {0}, with runAsNonRoot and no runAsUser")
    @MethodSource("imageUsers")
    void runAsNonRootNeedsANumericUser(String kind, Tool tool, String kubeletError, LocalCluster cluster) throws Exception {
        String namespace = "user-" + tool.preset().id();
        prepare(cluster, namespace, tool);
        List<String> template = new ArrayList<>(List.of("template", "shop", PresetsIT.chart(tool.preset()).toString(),
                "-n", namespace, "--show-only", "templates/migration-job.yaml",
                "--set", "migration.image.repository=" + LocalCluster.IMAGES + tool.image().split(":")[0],
                "--set", "migration.image.tag=" + tool.image().split(":")[1]));
        if (tool.preset().imageUser().isKnown()) {
            // Helm's null removes the preset's uid and gid from the chart's values.
            template.addAll(List.of("--set", "migration.podSecurityContext.runAsUser=null",
                    "--set", "migration.podSecurityContext.runAsGroup=null"));
        }
        Command.Result job = HelmCli.HELM4.command(template.toArray(String[]::new)).run();
        assertTrue(job.succeeded(), job.describe());
        Path file = Files.createTempFile("job-", ".yaml");
        try {
            Files.writeString(file, job.stdout());
            require(cluster.kubectl("apply", "-n", namespace, "-f", file.toString()));
        } finally {
            Files.deleteIfExists(file);
        }

        // The kubelet checks the user of each container as it comes to start it: a refused image is
        // refused at the pod's first container (the preset's database check, when it has one).
        ContainerRun run = null;
        for (int i = 0; i < 600; i++) {
            List<Map<String, Object>> pods = cluster.items(namespace, "pods", "-l", "app.kubernetes.io/component=migration");
            String watched = kubeletError.isEmpty() || pods.isEmpty() ? "migration" : firstContainer(pods.get(0));
            run = pods.isEmpty() ? null : RealPods.container(pods.get(0), watched);
            // A first CreateContainerConfigError may be the kubelet's Secret cache still syncing; the
            // verdict on the user is the one to wait for.
            if (run != null && (run.exitCode() != null || !kubeletError.isEmpty() && run.waitingMessage() != null
                    && run.waitingMessage().contains(kubeletError))) {
                break;
            }
            LocalCluster.sleep(100);
        }
        if (kubeletError.isEmpty()) {
            assertTrue(run != null && Integer.valueOf(0).equals(run.exitCode()), "the numeric user runs the tool: " + run);
        } else {
            assertTrue(run != null && "CreateContainerConfigError".equals(run.waitingReason())
                    && run.waitingMessage().contains(kubeletError), "the kubelet refuses the container: " + run);
        }
    }

    @Test
    void springBootApplicationMigratesThenServes(LocalCluster cluster) throws SQLException {
        String namespace = "spring-flyway";
        cluster.restrictedNamespace(namespace);
        LocalPostgres postgres = cluster.postgres();
        String database = postgres.freshDatabase("spring_flyway");
        String url = "jdbc:postgresql://" + postgres.podHost() + ":" + postgres.port() + "/" + database;
        for (String secret : List.of("orders-db", "orders-db-owner")) {
            require(cluster.kubectl("create", "secret", "generic", secret, "-n", namespace,
                    "--from-literal=SPRING_DATASOURCE_URL=" + url, "--from-literal=SPRING_DATASOURCE_USERNAME=" + postgres.user(),
                    "--from-literal=SPRING_DATASOURCE_PASSWORD=" + postgres.password()));
        }
        Path chart = Charts.example("spring-flyway").resolve("target/helm/orders");

        Command.Result install = cluster.helm(HelmCli.HELM4, "upgrade", "--install", "orders", chart.toString(), "-n", namespace,
                "--wait", "--timeout", "240s", "--set", "replicaCount=1",
                "--set", "image.repository=" + LocalCluster.IMAGES + "orders", "--set", "image.tag=2.3.0");

        assertTrue(install.succeeded(), install.describe());
        ContainerRun migration = RealPods.container(migrationPod(cluster, namespace), "migration");
        assertEquals(0, migration.exitCode(), "the application ran without a web server, migrated and exited: " + migration);
        List<String> versions = new ArrayList<>();
        try (Connection connection = postgres.connect(database); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT version FROM flyway_schema_history WHERE success ORDER BY installed_rank")) {
            while (rows.next()) {
                versions.add(rows.getString(1));
            }
        }
        assertEquals(List.of("1", "2"), versions);

        List<Map<String, Object>> pods = cluster.items(namespace, "pods", "-l", "app.kubernetes.io/name=orders,app.kubernetes.io/component!=migration");
        assertEquals(1, pods.size());
        Map<String, Object> pod = pods.get(0);
        ContainerRun app = RealPods.container(pod, "orders");
        assertTrue(app.ran() && !app.startedAt().isBefore(migration.finishedAt()), "the application started after the migration: " + app);
        assertTrue(RealPods.readySince(pod).isPresent(), "its real readiness probe passed");
        HttpResponse<String> readiness = RealPods.get(pod, 8080, "/actuator/health/readiness");
        assertEquals(200, readiness.statusCode(), readiness.body());
        HttpResponse<String> schema = RealPods.get(pod, 8080, "/schema");
        assertEquals(200, schema.statusCode(), schema.body());
        assertEquals(Map.of("versions", List.of("1", "2")), new Yaml(new LoaderOptions()).load(schema.body()));
    }

    /** The name of the container the kubelet starts first: the first init container, else the first container. */
    @SuppressWarnings("unchecked")
    private static String firstContainer(Map<String, Object> pod) {
        Map<String, Object> spec = (Map<String, Object>) pod.get("spec");
        List<Map<String, Object>> init = (List<Map<String, Object>>) spec.get("initContainers");
        List<Map<String, Object>> containers = init == null || init.isEmpty() ? (List<Map<String, Object>>) spec.get("containers") : init;
        return (String) containers.get(0).get("name");
    }
}
