package io.github.migrationchart.it;

import io.github.migrationchart.it.RealPods.ContainerRun;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.github.migrationchart.it.Charts.at;
import static io.github.migrationchart.it.LocalCluster.require;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Laravel example as it runs on the real node: its chart, the {@code laravel-api} test images
 * (it-tests/images/README.md), a database per namespace, and what the pods and the database say.
 */
final class LaravelApp {
    static final String RELEASE = "api";
    static final String JOB = "api-migration";
    static final String IMAGE = LocalCluster.IMAGES + "laravel-api";
    static final int PORT = 8080;
    static final String USERS = "2026_01_10_000000_create_users_table";
    static final String PLAN = "2026_02_10_000000_add_plan_to_users_table";
    static final String INVOICES = "2026_03_10_000000_create_invoices_table";

    private final LocalCluster cluster;
    private final String namespace;

    private LaravelApp(LocalCluster cluster, String namespace) {
        this.cluster = cluster;
        this.namespace = namespace;
    }

    static Path chart() {
        return Charts.example("laravel-api").resolve("target/helm/api");
    }

    /**
     * A restricted namespace, a fresh database, and the Secret the chart references with Laravel's
     * DB_* settings for it, as a user would create them.
     */
    static LaravelApp in(LocalCluster cluster, String namespace) throws SQLException {
        cluster.restrictedNamespace(namespace);
        LocalPostgres db = cluster.postgres();
        String database = db.freshDatabase(database(namespace));
        require(cluster.kubectl("create", "secret", "generic", "laravel-secrets", "-n", namespace,
                "--from-literal=DB_HOST=" + db.podHost(), "--from-literal=DB_PORT=" + db.port(),
                "--from-literal=DB_DATABASE=" + database, "--from-literal=DB_USERNAME=" + db.user(),
                "--from-literal=DB_PASSWORD=" + db.password()));
        return new LaravelApp(cluster, namespace);
    }

    private static String database(String namespace) {
        return namespace.replace('-', '_');
    }

    /** The application's database does not exist (yet): Laravel's connections to it fail. */
    void dropDatabase() throws SQLException {
        cluster.postgres().dropDatabase(database(namespace));
    }

    /** The application's database exists again, empty. */
    void createDatabase() throws SQLException {
        cluster.postgres().freshDatabase(database(namespace));
    }

    String namespace() {
        return namespace;
    }

    /** The {@code migrations} table, in the order artisan applied them. */
    List<String> appliedMigrations() throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection connection = cluster.postgres().connect(database(namespace));
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT migration FROM migrations ORDER BY id")) {
            while (rows.next()) {
                names.add(rows.getString(1));
            }
        }
        return names;
    }

    boolean tableExists(String table) throws SQLException {
        try (Connection connection = cluster.postgres().connect(database(namespace));
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT to_regclass('public." + table + "') IS NOT NULL")) {
            row.next();
            return row.getBoolean(1);
        }
    }

    /** The migration container of the only migration pod of this selector, as the kubelet ran it. */
    ContainerRun migrationRun(String... selector) {
        String labels = selector.length == 0 ? "app.kubernetes.io/component=migration" : selector[0];
        List<Map<String, Object>> pods = cluster.items(namespace, "pods", "-l", labels);
        assertEquals(1, pods.size(), "one migration pod: " + pods);
        return RealPods.container(pods.get(0), "migration");
    }

    /** The application pods of one image tag that are not being deleted. */
    List<Map<String, Object>> appPods(String tag) {
        return cluster.items(namespace, "pods", "-l", "app.kubernetes.io/name=api,app.kubernetes.io/component=app")
                .stream()
                .filter(pod -> (IMAGE + ":" + tag).equals(at(pod, "spec", "containers", 0, "image")))
                .filter(pod -> at(pod, "metadata", "deletionTimestamp") == null)
                .toList();
    }

    /** Both replicas of this tag run on the real node and answer HTTP with the schema they read. */
    void assertServes(String tag, List<String> migrations) {
        assertServes(tag, migrations, 2);
    }

    /** The Deployment's replicas of this tag run on the real node and answer HTTP with the schema they read. */
    void assertServes(String tag, List<String> migrations, int replicas) {
        List<Map<String, Object>> pods = appPods(tag);
        assertEquals(replicas, pods.size(), "the Deployment's replicas of " + tag);
        for (Map<String, Object> pod : pods) {
            assertEquals("node-0", RealPods.node(pod), "application pods run on the real node");
            HttpResponse<String> answer = RealPods.get(pod, PORT, "/");
            assertEquals(200, answer.statusCode(), answer.body());
            Map<String, Object> body = new Yaml(new LoaderOptions()).load(answer.body());
            assertEquals(tag, body.get("version"), answer.body());
            assertEquals(migrations, body.get("migrations"), answer.body());
        }
    }

    /** No application container of this tag started, nor became Ready, before the migration finished. */
    void assertStartedAfter(String tag, ContainerRun migration) {
        assertTrue(migration.finishedAt() != null, "the migration finished: " + migration);
        for (Map<String, Object> pod : appPods(tag)) {
            ContainerRun app = RealPods.container(pod, "api");
            assertTrue(app.ran(), "the application container runs: " + app);
            assertFalse(app.startedAt().isBefore(migration.finishedAt()),
                    "application container " + app + " started after the migration finished " + migration);
            Instant ready = RealPods.readySince(pod).orElseThrow(() -> new AssertionError("not Ready: " + pod));
            assertFalse(ready.isBefore(migration.finishedAt()), "Ready only after the migration: " + ready);
        }
    }
}
