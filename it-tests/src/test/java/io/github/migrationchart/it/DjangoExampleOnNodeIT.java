package io.github.migrationchart.it;

import io.github.migrationchart.it.Tools.HelmCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
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

import static io.github.migrationchart.it.Charts.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * examples/django-notes, a project without a POM, as its CI would ship it: migration-chart-cli
 * generates the chart from its migration-chart.yaml (the image and tag given on the command line),
 * and {@code helm upgrade --install} runs Django's {@code manage.py migrate} as the Job on the real
 * node against PostgreSQL, before the application's pod serves a page that reads the migrated table.
 */
@ExtendWith(LocalCluster.class)
class DjangoExampleOnNodeIT {
    private static final Path EXAMPLE = Path.of("../examples/django-notes");
    private static final String NAMESPACE = "django-notes";

    @TempDir
    Path tmp;

    @Test
    void theCommandLinesChartMigratesWithDjangoAndServesOnTheRealNode(LocalCluster cluster) throws IOException, SQLException {
        Path config = tmp.resolve("migration-chart.yaml");
        Files.copy(EXAMPLE.resolve("migration-chart.yaml"), config);
        Command.Result generate = CommandLineIT.cli("generate", "--file", config.toString(),
                "-Dmigration.app.image=" + LocalCluster.IMAGES + "django", "-Dmigration.app.imageTag=1.0");
        assertTrue(generate.succeeded(), generate.describe());
        Path chart = tmp.resolve("build/helm/notes");
        try {
            cluster.restrictedNamespace(NAMESPACE);
            LocalPostgres postgres = cluster.postgres();
            String database = postgres.freshDatabase("django_notes");
            String url = "postgres://" + postgres.user() + ":" + postgres.password() + "@" + postgres.podHost() + ":"
                    + postgres.port() + "/" + database;
            Command.Result secret = cluster.kubectl("create", "secret", "generic", "notes-db", "-n", NAMESPACE,
                    "--from-literal=DATABASE_URL=" + url, "--from-literal=SECRET_KEY=test-only-not-secret");
            assertTrue(secret.succeeded(), secret.describe());

            Command.Result install = cluster.helm(HelmCli.HELM4, "upgrade", "--install", "notes", chart.toString(),
                    "-n", NAMESPACE, "--wait", "--timeout", "180s");

            assertTrue(install.succeeded(), install.describe());
            List<Map<String, Object>> jobPods = cluster.items(NAMESPACE, "pods", "-l", "app.kubernetes.io/component=migration");
            assertEquals(1, jobPods.size(), jobPods.toString());
            RealPods.ContainerRun migrate = RealPods.container(jobPods.get(0), "migration");
            assertEquals(0, migrate.exitCode(), migrate + "\n" + cluster.kubectl("logs", "job/notes-migration", "-n", NAMESPACE).describe());
            assertEquals(List.of("python", "manage.py", "migrate", "--noinput"),
                    at(jobPods.get(0), "spec", "containers", 0, "args"), "the django preset's command");
            assertEquals(List.of("0001_initial"), appliedMigrations(postgres, database, "notes"));

            List<Map<String, Object>> appPods = cluster.items(NAMESPACE, "pods", "-l", "app.kubernetes.io/component=app");
            assertEquals(1, appPods.size(), appPods.toString());
            HttpResponse<String> page = firstAnswer(appPods.get(0));
            assertEquals(200, page.statusCode(), page.body());
            assertEquals(Map.of("notes", 0), new Yaml(new LoaderOptions()).load(page.body()),
                    "Django read the table the Job created");
        } finally {
            cluster.kubectl("delete", "namespace", NAMESPACE, "--ignore-not-found", "--wait=false");
        }
    }

    /** Django's server answers a few seconds after its pod runs (the chart gives it no readiness path). */
    private static HttpResponse<String> firstAnswer(Map<String, Object> pod) {
        AssertionError last = null;
        for (int attempt = 0; attempt < 60; attempt++) {
            try {
                return RealPods.get(pod, 8000, "/");
            } catch (AssertionError e) {
                last = e;
                LocalCluster.sleep(500);
            }
        }
        throw last;
    }

    private static List<String> appliedMigrations(LocalPostgres postgres, String database, String app) throws SQLException {
        try (Connection connection = postgres.connect(database);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT name FROM django_migrations WHERE app = '" + app + "' ORDER BY id")) {
            List<String> names = new ArrayList<>();
            while (rows.next()) {
                names.add(rows.getString(1));
            }
            return names;
        }
    }
}
