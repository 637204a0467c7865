package io.github.migrationchart.core.render;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.github.migrationchart.core.ExampleSpecs;
import io.github.migrationchart.core.model.AppSpec;
import io.github.migrationchart.core.model.ChartSpec;
import io.github.migrationchart.core.model.RunAsUser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rendered charts checked by Helm itself (helm-java). helm-java's template leaves hook objects out,
 * so the Job is covered by the CLI tests in it-tests; here: lint, values, schema and the Deployment.
 */
class HelmLibraryTest {

    private static List<Map<String, Object>> documents(String yaml) {
        List<Map<String, Object>> documents = new ArrayList<>();
        for (Object document : new Yaml(new LoaderOptions()).loadAll(yaml)) {
            if (document != null) {
                @SuppressWarnings("unchecked")
                Map<String, Object> map = (Map<String, Object>) document;
                documents.add(map);
            }
        }
        return documents;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> container(List<Map<String, Object>> documents, String kind) {
        Map<String, Object> workload = documents.stream().filter(d -> kind.equals(d.get("kind"))).findFirst().orElseThrow();
        Map<String, Object> podSpec = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) workload.get("spec")).get("template")).get("spec");
        return ((List<Map<String, Object>>) podSpec.get("containers")).get(0);
    }

    private static Path write(ChartSpec spec, Path out) throws IOException {
        return ChartWriter.write(new ChartRenderer().render(spec), out.resolve(spec.chart().name()));
    }

    @Test
    void exampleAndMinimalChartsPassStrictLint(@TempDir Path out) throws IOException {
        for (ChartSpec spec : List.of(ExampleSpecs.laravelApi(), ExampleSpecs.minimal())) {
            LintResult lint = new Helm(write(spec, out)).lint().strict().call();
            assertFalse(lint.isFailed(), spec.chart().name() + ": " + lint.getMessages());
        }
    }

    @Test
    void imageTagOverrideReachesTheDeployment(@TempDir Path out) throws IOException {
        Path chart = write(ExampleSpecs.laravelApi(), out);

        String manifests = new Helm(chart).template().withName("demo").set("image.tag", "2.0.0").call();

        assertEquals("registry.example.com/trackxy/api:2.0.0", container(documents(manifests), "Deployment").get("image"));
    }

    @Test
    void templateSyntaxInUserValuesReachesThePodLiterally(@TempDir Path out) throws IOException {
        ChartSpec base = ExampleSpecs.minimal();
        String literal = "{{ .Release.Name }} {{- fail \"boom\" }} $(HOME) {% raw %}";
        ChartSpec spec = new ChartSpec(base.chart(),
                AppSpec.builder("example.org/demo").env(Map.of("TEMPLATE_LIKE", literal)).build(), base.migration());

        String manifests = new Helm(write(spec, out)).template().withName("demo").call();

        assertEquals(List.of(Map.of("name", "TEMPLATE_LIKE", "value", literal)), container(documents(manifests), "Deployment").get("env"));
    }

    @Test
    void schemaRejectsWrongTypesAndUnknownMigrationKeys(@TempDir Path out) throws IOException {
        Path chart = write(ExampleSpecs.laravelApi(), out);

        IllegalStateException wrongType = assertThrows(IllegalStateException.class,
                () -> new Helm(chart).template().set("migration.backoffLimit", "one").call());
        assertTrue(wrongType.getMessage().contains("backoffLimit"), wrongType.getMessage());

        IllegalStateException unknown = assertThrows(IllegalStateException.class,
                () -> new Helm(chart).template().set("migration.argz", "migrate").call());
        assertTrue(unknown.getMessage().contains("argz"), unknown.getMessage());
    }

    @Test
    void schemaRejectsUidZeroNextToRunAsNonRootAndIdsThatAreNoNumbers(@TempDir Path out) throws IOException {
        Path chart = write(ExampleSpecs.laravelApi(), out);

        for (String[] bad : new String[][] {{"podSecurityContext.runAsUser", "0"}, {"migration.podSecurityContext.runAsUser", "0"},
                {"migration.podSecurityContext.runAsGroup", "-1"}, {"podSecurityContext.runAsUser", "liquibase"}}) {
            IllegalStateException rejected = assertThrows(IllegalStateException.class,
                    () -> new Helm(chart).template().set(bad[0], bad[1]).call(), String.join("=", bad));
            assertTrue(rejected.getMessage().contains(bad[0].substring(bad[0].lastIndexOf('.') + 1)), rejected.getMessage());
        }
        String manifests = new Helm(chart).template().withName("demo")
                .set("podSecurityContext.runAsNonRoot", "false").set("podSecurityContext.runAsUser", "0").call();
        assertTrue(manifests.contains("runAsUser: 0"), "uid 0 is only refused next to runAsNonRoot: true");
    }

    @Test
    void knownUserReachesTheDeploymentsPod(@TempDir Path out) throws IOException {
        ChartSpec base = ExampleSpecs.minimal();
        ChartSpec spec = new ChartSpec(base.chart(),
                AppSpec.builder("example.org/demo").runAsUser(RunAsUser.of(1000, 0)).build(), base.migration());

        String manifests = new Helm(write(spec, out)).template().withName("demo").call();

        Map<String, Object> deployment = documents(manifests).stream().filter(d -> "Deployment".equals(d.get("kind"))).findFirst().orElseThrow();
        @SuppressWarnings("unchecked")
        Map<String, Object> podSpec = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) deployment.get("spec")).get("template")).get("spec");
        assertEquals(Map.of("runAsNonRoot", true, "runAsUser", 1000, "runAsGroup", 0, "seccompProfile", Map.of("type", "RuntimeDefault")),
                podSpec.get("securityContext"));
    }
}
