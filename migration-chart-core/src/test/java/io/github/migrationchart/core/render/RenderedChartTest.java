package io.github.migrationchart.core.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.migrationchart.core.ExampleSpecs;
import io.github.migrationchart.core.model.AppSpec;
import io.github.migrationchart.core.model.ChartSpec;
import io.github.migrationchart.core.model.EnvVarSource;
import io.github.migrationchart.core.model.ImageSpec;
import io.github.migrationchart.core.model.MigrationPreset;
import io.github.migrationchart.core.model.MigrationSpec;
import io.github.migrationchart.core.model.MigrationWait;
import io.github.migrationchart.core.model.RunAsUser;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import static io.github.migrationchart.core.YamlPaths.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Laravel example's chart files, parsed and checked field by field. */
class RenderedChartTest {
    private final ChartRenderer renderer = new ChartRenderer();
    private final RenderedChart chart = renderer.render(ExampleSpecs.laravelApi());


    private Map<String, Object> yaml(String file) {
        return new Yaml(new LoaderOptions()).load(chart.file(file));
    }

    @Test
    void chartYamlIsAnApiV2ApplicationChart() {
        Map<String, Object> chartYaml = yaml("Chart.yaml");
        assertEquals("v2", chartYaml.get("apiVersion"));
        assertEquals("api", chartYaml.get("name"));
        assertEquals("1.4.0", chartYaml.get("version"));
        assertEquals("1.4.0", chartYaml.get("appVersion"));
        assertEquals("application", chartYaml.get("type"));
    }

    @Test
    void valuesCarryTheContractKeys() {
        Map<String, Object> values = yaml("values.yaml");
        assertEquals("registry.example.com/trackxy/api", at(values, "image", "repository"));
        assertEquals("1.4.0", at(values, "image", "tag"));
        assertEquals("IfNotPresent", at(values, "image", "pullPolicy"));
        assertEquals(2, (int) at(values, "replicaCount"));
        assertEquals(Map.of("APP_ENV", "production", "DB_CONNECTION", "pgsql", "LOG_CHANNEL", "stderr"), at(values, "config"));
        assertEquals(List.of(Map.of("secretRef", Map.of("name", "laravel-secrets"))), at(values, "envFrom"));

        Map<String, Object> migration = at(values, "migration");
        assertEquals(true, migration.get("enabled"));
        assertEquals(Map.of("repository", "", "tag", "", "digest", "", "pullPolicy", ""), migration.get("image"), "empty: same as the app");
        assertEquals(List.of(), migration.get("command"));
        assertEquals(List.of("php", "artisan", "migrate", "--force"), migration.get("args"));
        assertEquals(List.of(Map.of("name", "ENV_VARIABLE", "value", "false")), migration.get("env"));
        assertEquals(List.of(Map.of("secretRef", Map.of("name", "laravel-secrets"))), migration.get("envFrom"));
        assertEquals(1, migration.get("backoffLimit"));
        assertEquals(270, migration.get("activeDeadlineSeconds"));
        assertEquals(0, migration.get("hookWeight"));
        assertEquals("before-hook-creation", migration.get("hookDeletePolicy"));
        assertEquals(Map.of("requests", Map.of("cpu", "100m", "memory", "256Mi", "ephemeral-storage", "64Mi"),
                        "limits", Map.of("cpu", "1", "memory", "512Mi", "ephemeral-storage", "512Mi")),
                migration.get("resources"));
        assertEquals(Map.of("tcpSocket", Map.of("port", "http")), values.get("readinessProbe"), "ready once the port accepts");
        assertEquals(Map.of("enabled", true, "maxUnavailable", 1), values.get("podDisruptionBudget"));
        assertEquals("false", at(migration, "podAnnotations", "sidecar.istio.io/inject"));
        assertEquals(false, at(migration, "serviceAccount", "automount"));
        assertEquals(false, at(values, "serviceAccount", "automount"));
        assertEquals(false, at(values, "ingress", "enabled"));
        assertEquals(false, at(values, "autoscaling", "enabled"));
        assertEquals(true, at(migration, "podSecurityContext", "runAsNonRoot"));
    }

    @Test
    void digestsAndValueSourcesReachTheValues() {
        String app = "sha256:" + "ab".repeat(32);
        String wait = "sha256:" + "cd".repeat(32);
        ChartSpec base = ExampleSpecs.laravelApi();
        ChartSpec spec = new ChartSpec(base.chart(),
                AppSpec.builder(base.app().image().repository()).imageTag("1.4.0").imageDigest(app)
                        .envSources(Map.of("POD_IP", new EnvVarSource("fieldRef", Map.of("fieldPath", "status.podIP")))).build(),
                MigrationSpec.builder().args(List.of("migrate"))
                        .envSources(Map.of("DB_PASSWORD", new EnvVarSource("secretKeyRef", Map.of("name", "db", "key", "password", "optional", "false"))))
                        .appWait(new MigrationWait(true, "registry.k8s.io/kubectl", "v1.34.4", wait, 600)).build());
        RenderedChart rendered = renderer.render(spec);
        Map<String, Object> values = new Yaml(new LoaderOptions()).load(rendered.file("values.yaml"));

        assertEquals(app, at(values, "image", "digest"));
        assertEquals(wait, at(values, "migration", "wait", "image", "digest"));
        assertEquals(List.of(Map.of("name", "POD_IP", "valueFrom", Map.of("fieldRef", Map.of("fieldPath", "status.podIP"))))
                , at(values, "env"));
        assertEquals(Map.of("name", "DB_PASSWORD", "valueFrom", Map.of("secretKeyRef", Map.of("key", "password", "name", "db", "optional", false))),
                at(values, "migration", "env", 0), "optional is a boolean, as Kubernetes wants it");
        assertTrue(rendered.file("tests/deployment_test.yaml").contains("value: \"registry.example.com/trackxy/api@" + app + "\""),
                "the \"as configured\" test expects the pinned reference");
        assertTrue(rendered.file("tests/migration-job_test.yaml").contains("value: \"registry.example.com/trackxy/api@" + app + "\""),
                "the Job inherits the app's digest");
    }

    @Test
    void valuesYamlIsCommented() {
        String values = chart.file("values.yaml");
        long comments = values.lines().filter(line -> line.strip().startsWith("# ")).count();
        assertTrue(comments >= 40, "values.yaml should explain its keys, has " + comments + " comment lines");
        assertTrue(values.contains("# -- Container args: the migration command of your framework."), values);
    }

    @Test
    void schemaIsValidJsonThatClosesTheMigrationObject() throws Exception {
        JsonNode schema = new ObjectMapper().readTree(chart.file("values.schema.json"));
        assertEquals("http://json-schema.org/draft-07/schema#", schema.path("$schema").asText());
        assertFalse(schema.path("additionalProperties").asBoolean(true));
        JsonNode migration = schema.path("properties").path("migration");
        assertFalse(migration.path("additionalProperties").asBoolean(true), "unknown migration keys are rejected");
        assertEquals("integer", migration.path("properties").path("backoffLimit").path("type").asText());
        assertTrue(migration.path("properties").has("useAppConfig"), "useAppConfig exists when the chart has config");
    }

    @Test
    void chartWithoutConfigHasNoConfigMapsAndNoUseAppConfig() throws Exception {
        RenderedChart minimal = renderer.render(ExampleSpecs.minimal());
        assertFalse(minimal.files().containsKey("templates/configmap.yaml"));
        assertFalse(minimal.files().containsKey("templates/migration-configmap.yaml"));
        Map<String, Object> values = new Yaml(new LoaderOptions()).load(minimal.file("values.yaml"));
        assertNull(at(values, "migration", "useAppConfig"));
        JsonNode schema = new ObjectMapper().readTree(minimal.file("values.schema.json"));
        assertFalse(schema.path("properties").path("migration").path("properties").has("useAppConfig"));
    }

    @Test
    void unitTestSuitesAreOptional() {
        ChartSpec spec = ExampleSpecs.laravelApi();
        assertEquals(List.of("tests/deployment_test.yaml", "tests/extensions_test.yaml", "tests/gitops_test.yaml",
                        "tests/lifecycle_test.yaml", "tests/migration-job_test.yaml", "tests/values-schema_test.yaml"),
                renderer.render(spec).files().keySet().stream().filter(f -> f.startsWith("tests/")).toList());
        assertTrue(renderer.render(spec.withUnitTests(false)).files().keySet().stream().noneMatch(f -> f.startsWith("tests/")));
    }

    @Test
    void unitTestSuitesAreYaml() {
        Map<String, Object> suite = yaml("tests/migration-job_test.yaml");
        assertEquals("migration Job", suite.get("suite"));
        List<Map<String, Object>> tests = at(suite, "tests");
        assertTrue(tests.size() >= 15, "suite has " + tests.size() + " tests");
    }

    /** The liquibase preset in a migrations image of its own, next to an application with a known user. */
    private RenderedChart liquibaseWithAppUser() {
        ChartSpec base = ExampleSpecs.minimal();
        return renderer.render(new ChartSpec(base.chart(),
                AppSpec.builder("example.org/demo").runAsUser(new RunAsUser(OptionalInt.of(1000), OptionalInt.empty())).build(),
                MigrationSpec.builder().preset(MigrationPreset.LIQUIBASE).image(new ImageSpec("example.org/demo-changelogs", "", "")).build()));
    }

    @Test
    void knownUsersAreWrittenIntoThePodSecurityContexts() {
        Map<String, Object> values = new Yaml(new LoaderOptions()).load(liquibaseWithAppUser().file("values.yaml"));
        assertEquals(Map.of("runAsNonRoot", true, "runAsUser", 1000, "seccompProfile", Map.of("type", "RuntimeDefault")),
                values.get("podSecurityContext"), "only the known part");
        assertEquals(Map.of("runAsNonRoot", true, "runAsUser", 1001, "runAsGroup", 1001, "seccompProfile", Map.of("type", "RuntimeDefault")),
                at(values, "migration", "podSecurityContext"), "the preset's image user");
    }

    @Test
    void knownUsersAreCommentedInValuesYaml() {
        String values = liquibaseWithAppUser().file("values.yaml");
        assertTrue(values.contains("""
                podSecurityContext:
                  runAsNonRoot: true
                  # -- uid the application's containers run as, from the project's settings (runAsUser).
                  runAsUser: 1000
                  seccompProfile:
                """), values);
        assertTrue(values.contains("""
                  podSecurityContext:
                    runAsNonRoot: true
                    # -- uid the migration container runs as.
                    runAsUser: 1001
                    # -- gid the migration container runs as.
                    runAsGroup: 1001
                    seccompProfile:
                """), values);
        assertTrue(values.contains("  # The preset's image user is uid 1001, gid 1001: the official liquibase/liquibase image runs as"
                + " USER liquibase, a name the kubelet cannot check, created with useradd --uid 1001 --gid 1001 liquibase.\n"), values);
    }

    @Test
    void unknownUsersLeaveTheKeysOut() {
        RenderedChart minimal = renderer.render(ExampleSpecs.minimal());
        Map<String, Object> values = new Yaml(new LoaderOptions()).load(minimal.file("values.yaml"));
        assertFalse(((Map<?, ?>) values.get("podSecurityContext")).containsKey("runAsUser"));
        assertFalse(((Map<?, ?>) at(values, "migration", "podSecurityContext")).containsKey("runAsGroup"));
        assertFalse(minimal.file("values.yaml").contains("runAsUser:"));
    }

    @Test
    void readmeSaysWhichUserEachPodRunsAs() {
        String readme = liquibaseWithAppUser().file("README.md");
        assertTrue(readme.contains("| `podSecurityContext.runAsUser`, `.runAsGroup` | `1000`, unset |"), readme);
        assertTrue(readme.contains("| `migration.podSecurityContext.runAsUser`, `.runAsGroup` | `1001`, `1001` |"), readme);
        assertTrue(readme.contains("| user | `migration.podSecurityContext.runAsUser`, `.runAsGroup` (`1001`, `1001`) |"), readme);
        assertTrue(readme.contains("The preset's image user is uid 1001, gid 1001: the official liquibase/liquibase image"), readme);
        assertTrue(renderer.render(ExampleSpecs.minimal()).file("README.md").contains("(unset, unset)"), "a chart that knows no user");
        assertTrue(chart.file("README.md").contains("(`33`, `33`)"), "the laravel example's www-data");
    }

    @Test
    void schemaTakesIdsAsIntegersAndKeepsOtherPodSecurityContextFields() throws Exception {
        JsonNode schema = new ObjectMapper().readTree(chart.file("values.schema.json"));
        JsonNode id = schema.path("definitions").path("id");
        assertEquals("integer", id.path("type").asText());
        assertEquals(0, id.path("minimum").asInt());
        assertEquals(2147483647L, id.path("maximum").asLong());
        JsonNode context = schema.path("definitions").path("podSecurityContext");
        assertTrue(context.path("additionalProperties").isMissingNode(), "fsGroup, supplementalGroups... stay allowed");
        assertEquals(1, context.path("then").path("properties").path("runAsUser").path("minimum").asInt(), "no uid 0 with runAsNonRoot");
        assertEquals("#/definitions/podSecurityContext", schema.path("properties").path("podSecurityContext").path("$ref").asText());
        assertEquals("#/definitions/podSecurityContext",
                schema.path("properties").path("migration").path("properties").path("podSecurityContext").path("$ref").asText());
    }

    @Test
    void unitTestSuitesPinTheConfiguredUsers() {
        RenderedChart liquibase = liquibaseWithAppUser();
        Map<String, Object> job = new Yaml(new LoaderOptions()).load(liquibase.file("tests/migration-job_test.yaml"));
        Map<String, Object> asConfigured = test(job, "runs as the numeric user and group as configured");
        assertEquals(List.of(
                        Map.of("equal", Map.of("path", "spec.template.spec.securityContext.runAsUser", "value", 1001)),
                        Map.of("equal", Map.of("path", "spec.template.spec.securityContext.runAsGroup", "value", 1001))),
                asConfigured.get("asserts"));
        Map<String, Object> deployment = new Yaml(new LoaderOptions()).load(liquibase.file("tests/deployment_test.yaml"));
        assertEquals(List.of(
                        Map.of("equal", Map.of("path", "spec.template.spec.securityContext.runAsUser", "value", 1000)),
                        Map.of("notExists", Map.of("path", "spec.template.spec.securityContext.runAsGroup"))),
                test(deployment, "runs as the numeric user and group as configured").get("asserts"));
        Map<String, Object> overridden = test(job, "follows migration.podSecurityContext.runAsUser and runAsGroup, still as non-root");
        assertEquals(Map.of("migration.podSecurityContext.runAsUser", 4242, "migration.podSecurityContext.runAsGroup", 0),
                overridden.get("set"));
    }

    private static Map<String, Object> test(Map<String, Object> suite, String name) {
        List<Map<String, Object>> tests = at(suite, "tests");
        return tests.stream().filter(t -> name.equals(t.get("it"))).findFirst().orElseThrow(() -> new AssertionError(name));
    }
}
