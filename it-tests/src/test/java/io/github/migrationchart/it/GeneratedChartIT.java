package io.github.migrationchart.it;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.github.migrationchart.it.Charts.files;
import static io.github.migrationchart.it.Charts.migrationJob;
import static io.github.migrationchart.it.Charts.at;
import static io.github.migrationchart.it.Charts.container;
import static io.github.migrationchart.it.Charts.documents;
import static io.github.migrationchart.it.Charts.only;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The charts the plugin wrote, read back as YAML and rendered with the Helm CLI. (helm-java's
 * template leaves hooks out of its output, so it cannot show the migration Job.)
 */
class GeneratedChartIT {

    static List<Charts.GeneratedChart> charts() {
        return Charts.all();
    }

    @ParameterizedTest(name = "helm-java lint --strict and template {0}")
    @MethodSource("charts")
    void passesHelmAsALibrary(Charts.GeneratedChart chart) {
        LintResult lint = new Helm(chart.directory()).lint().strict().call();
        assertFalse(lint.isFailed(), String.join("\n", lint.getMessages()));

        List<Map<String, Object>> manifests = documents(new Helm(chart.directory()).template().withName("demo").call());
        assertEquals(1L, Charts.count(manifests, "Deployment"));
        assertEquals(1L, Charts.count(manifests, "Service"));
    }

    @Test
    void exampleIsByteIdenticalToTheReviewedGoldenChart() throws IOException {
        Path generated = Charts.example("laravel-api").resolve("target/helm/api");
        Path golden = Path.of(System.getProperty("golden.directory"), "laravel-api");

        assertEquals(files(golden), files(generated));
        for (Path relative : files(golden)) {
            assertEquals(Files.readString(golden.resolve(relative)), Files.readString(generated.resolve(relative)), relative.toString());
        }
    }

    @Test
    void minimalProjectTakesItsDefaultsFromThePom() {
        Path chart = Charts.fixture("minimal").resolve("target/helm/orders");
        Map<String, Object> chartYaml = Charts.yamlFile(chart.resolve("Chart.yaml"));
        Map<String, Object> values = Charts.yamlFile(chart.resolve("values.yaml"));

        assertEquals("orders", chartYaml.get("name"), "chart name defaults to the artifactId");
        assertEquals("2.0.0", chartYaml.get("version"), "chart version defaults to the project version");
        assertEquals("2.0.0", chartYaml.get("appVersion"));
        assertEquals("Fixture: the least a user must configure.", chartYaml.get("description"));
        assertEquals("registry.example.com/shop/orders", at(values, "image", "repository"));
        assertEquals("2.0.0", at(values, "image", "tag"), "image tag defaults to the project version");
        assertEquals(List.of("migrate"), at(values, "migration", "args"));
        assertEquals(1, at(values, "migration", "backoffLimit"));
        assertFalse(Files.exists(chart.resolve("templates/configmap.yaml")), "no ConfigMap without config entries");
        assertTrue(Files.isDirectory(chart.resolve("tests")), "helm-unittest suites by default");
    }

    @Test
    void everySettingAndEveryTrickyStringSurvivesToTheManifests() {
        Path chart = Charts.fixture("full").resolve("target/helm/billing-service");
        Map<String, Object> chartYaml = Charts.yamlFile(chart.resolve("Chart.yaml"));
        assertEquals("3.1.0", chartYaml.get("version"));
        assertEquals("v3.1.0-rc.1", chartYaml.get("appVersion"));

        List<Map<String, Object>> manifests = render(chart);
        Map<String, Object> deployment = only(manifests, "Deployment");
        Map<String, Object> job = migrationJob(manifests);

        assertEquals("registry.example.com:5000/finance/billing:3.1.0-rc.1", container(deployment, "image"));
        assertEquals(3, at(deployment, "spec", "replicas"));
        assertEquals(List.of(
                Map.of("name", "FEATURE_FLAG", "value", "on"),
                Map.of("name", "ACCOUNT_PREFIX", "value", "0123"),
                Map.of("name", "GREETING", "value", "\"quoted\" # not a comment: {{ .Values.nope }}")),
                container(deployment, "env"), "YAML-special strings stay strings, in POM order");
        assertEquals("/healthz", at(container(deployment, "livenessProbe"), "httpGet", "path"));
        assertEquals(Map.of("requests", Map.of("cpu", "250m", "memory", "256Mi", "ephemeral-storage", "100Mi"),
                        "limits", Map.of("cpu", "2", "memory", "512Mi", "ephemeral-storage", "1Gi")),
                container(deployment, "resources"));

        Map<String, Object> configMap = only(manifests, "ConfigMap");
        assertEquals(Map.of("APP_MODE", "no", "LIMIT", "1e3", "NOTHING", "~"), configMap.get("data"));

        assertEquals("registry.example.com:5000/finance/billing-migrations:3.1.0-rc.1", container(job, "image"));
        assertEquals(List.of("/bin/sh", "-c"), container(job, "command"));
        assertEquals(List.of("bin/migrate --to latest --note '{{ not a template }}' $(DB_SCHEMA)"), container(job, "args"));
        assertEquals(List.of(Map.of("name", "DB_SCHEMA", "value", "billing"), Map.of("name", "DRY_RUN", "value", "false")),
                container(job, "env"));
        assertEquals(List.of(Map.of("configMapRef", Map.of("name", "shared-settings")),
                        Map.of("secretRef", Map.of("name", "billing-db-owner"))),
                container(job, "envFrom"), "useAppConfig=false: only the configured sources");
        assertEquals(0, at(job, "spec", "backoffLimit"));
        assertEquals(600, at(job, "spec", "activeDeadlineSeconds"));
        assertEquals("billing-migrator", at(job, "spec", "template", "spec", "serviceAccountName"));
        assertEquals("-5", at(job, "metadata", "annotations", "helm.sh/hook-weight"));
        assertEquals("before-hook-creation,hook-succeeded", at(job, "metadata", "annotations", "helm.sh/hook-delete-policy"));
        assertEquals("team-finance", at(job, "spec", "template", "metadata", "annotations", "example.com/owner"));
        assertEquals("false", at(job, "spec", "template", "metadata", "annotations", "sidecar.istio.io/inject"));
        assertEquals(Map.of("requests", Map.of("cpu", "50m", "memory", "128Mi", "ephemeral-storage", "64Mi"),
                        "limits", Map.of("cpu", "500m", "memory", "1Gi", "ephemeral-storage", "512Mi")),
                container(job, "resources"));
    }

    @Test
    void disabledMigrationRendersNoJobAndNoSuites() {
        Path chart = Charts.fixture("migration-disabled").resolve("target/helm/static-site");

        assertEquals(false, at(Charts.yamlFile(chart.resolve("values.yaml")), "migration", "enabled"));
        assertFalse(Files.exists(chart.resolve("tests")));
        List<Map<String, Object>> manifests = render(chart);
        assertEquals(0L, Charts.count(manifests, "Job"));
        assertEquals(1L, Charts.count(manifests, "Deployment"));
    }

    private static List<Map<String, Object>> render(Path chart) {
        Command.Result template = Tools.HelmCli.HELM4.command("template", "demo", chart.toString()).run();
        assertTrue(template.succeeded(), template.describe());
        return documents(template.stdout());
    }

}
