package io.github.migrationchart.core.render;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.github.migrationchart.core.ExampleSpecs;
import io.github.migrationchart.core.model.ChartAdditions;
import io.github.migrationchart.core.model.ChartSpec;
import io.github.migrationchart.core.validation.InvalidChartSpecException;
import io.github.migrationchart.core.validation.Problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.github.migrationchart.core.YamlPaths.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The project's own chart files and values, merged into the generated chart. */
class AdditionsMergeTest {
    private static final String ORIGIN = "src/main/helm";
    private static final String NETWORK_POLICY = """
            {{- if .Values.networkPolicy.enabled }}
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata:
              name: {{ include "api.fullname" . }}
            spec:
              podSelector:
                matchLabels:
                  {{- include "api.appSelectorLabels" . | nindent 6 }}
              ingress:
                - from:
                    - podSelector: {}
            {{- end }}
            """;
    private static final String VALUES = """
            # -- The project's NetworkPolicy: only pods of the namespace reach the application.
            networkPolicy:
              # -- Create it.
              enabled: true

            ingress:
              enabled: true
              className: nginx
              hosts:
                - host: api.example.com
                  paths:
                    - path: /
                      pathType: Prefix
            podAnnotations:
              prometheus.io/scrape: "true"
            migration:
              sidecars:
                - name: cloud-sql-proxy
                  image: gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.14.0
                  args: ["--port=5432", "project:region:instance"]
            """;

    private final ChartRenderer renderer = new ChartRenderer();

    private static ChartSpec with(Map<String, String> files) {
        return ExampleSpecs.laravelApi().withAdditions(new ChartAdditions(ORIGIN, new TreeMap<>(files)));
    }

    private static Map<String, Object> yaml(String text) {
        return new Yaml(new LoaderOptions()).load(text);
    }


    private List<Problem> problems(Map<String, String> files) {
        return assertThrows(InvalidChartSpecException.class, () -> renderer.render(with(files))).problems();
    }

    @Test
    void templatesGoInBesideTheGeneratedOnesAndValuesMergeKeepingComments() {
        RenderedChart chart = renderer.render(with(Map.of("templates/networkpolicy.yaml", NETWORK_POLICY, "values.yaml", VALUES)));
        RenderedChart plain = renderer.render(ExampleSpecs.laravelApi());

        assertEquals(NETWORK_POLICY, chart.file("templates/networkpolicy.yaml"));
        Map<String, Object> values = yaml(chart.file("values.yaml"));
        assertEquals(true, at(values, "networkPolicy", "enabled"));
        assertEquals(true, at(values, "ingress", "enabled"));
        assertEquals("nginx", at(values, "ingress", "className"));
        assertEquals("api.example.com", at(values, "ingress", "hosts", 0, "host"));
        assertEquals(List.of(), at(values, "ingress", "tls"), "keys the addition does not name keep the generated value");
        assertEquals(Map.of("prometheus.io/scrape", "true"), at(values, "podAnnotations"));
        assertEquals("cloud-sql-proxy", at(values, "migration", "sidecars", 0, "name"));
        assertEquals((Object) at(yaml(plain.file("values.yaml")), "migration", "args"), at(values, "migration", "args"));

        String text = chart.file("values.yaml");
        assertTrue(text.contains("  # -- Create the Ingress.\n  enabled: true  # from src/main/helm/values.yaml\n"), text);
        assertTrue(text.contains("# -- The project's NetworkPolicy: only pods of the namespace reach the application.\nnetworkPolicy:\n"),
                "the project's own keys keep their comments:\n" + text);
        long generatedComments = plain.file("values.yaml").lines().filter(l -> l.strip().startsWith("#")).count();
        long mergedComments = text.lines().filter(l -> l.strip().startsWith("#")).count();
        assertTrue(mergedComments > generatedComments, "no generated comment is lost: " + generatedComments + " -> " + mergedComments);
        assertTrue(chart.file("README.md").contains("## Additions from the project"), chart.file("README.md"));
        assertTrue(chart.file("README.md").contains("- `templates/networkpolicy.yaml`"));
        assertTrue(chart.file("README.md").contains("- `ingress.enabled`: value from `values.yaml`"));
    }

    @Test
    void mergedChartPassesHelmAndRendersTheAdditions(@TempDir Path out) throws IOException {
        RenderedChart chart = renderer.render(with(Map.of("templates/networkpolicy.yaml", NETWORK_POLICY, "values.yaml", VALUES)));
        Path directory = ChartWriter.write(chart, out.resolve("api"));

        LintResult lint = new Helm(directory).lint().strict().call();
        assertFalse(lint.isFailed(), lint.getMessages().toString());
        String manifests = new Helm(directory).template().withName("demo").call();
        List<Map<String, Object>> documents = new ArrayList<>();
        new Yaml(new LoaderOptions()).loadAll(manifests).forEach(d -> { if (d != null) documents.add(at(d)); });
        assertTrue(documents.stream().anyMatch(d -> "NetworkPolicy".equals(d.get("kind"))), manifests);
        assertTrue(documents.stream().anyMatch(d -> "Ingress".equals(d.get("kind"))), manifests);
        Map<String, Object> schema = yaml(chart.file("values.schema.json"));
        assertEquals(Map.of("description", "from src/main/helm/values.yaml"), at(schema, "properties", "networkPolicy"),
                "the schema admits the project's own key");
    }

    @Test
    void theSameAdditionsGiveTheSameBytes() {
        Map<String, String> files = Map.of("templates/networkpolicy.yaml", NETWORK_POLICY, "values.yaml", VALUES);
        assertEquals(renderer.render(with(files)).files(), new ChartRenderer().render(with(files)).files());
    }

    @Test
    void aFileThePluginGeneratesIsAClash() {
        List<Problem> problems = problems(Map.of("templates/deployment.yaml", "kind: Deployment", "Chart.yaml", "name: x"));
        assertEquals(List.of("src/main/helm/Chart.yaml", "src/main/helm/templates/deployment.yaml"),
                problems.stream().map(Problem::value).toList());
        assertTrue(problems.get(0).message().contains("has the name of a file the plugin generates"), problems.get(0).message());
        assertEquals(AdditionsMerge.SETTING, problems.get(0).path());
    }

    @Test
    void aValueOfAnotherTypeIsAClashNamingBothPlaces() {
        Problem problem = problems(Map.of("values.yaml", "ingress:\n  hosts: api.example.com\n")).get(0);
        assertEquals("ingress.hosts in src/main/helm/values.yaml", problem.value());
        assertEquals("is a string there, but the generated values.yaml has a list ([]); give it the generated type", problem.message());
    }

    @Test
    void aValueTheBuildSetsMustBeSetInTheBuild() {
        List<Problem> problems = problems(Map.of("values.yaml", "replicaCount: 5\nmigration:\n  args: [migrate]\n"));
        assertEquals(List.of("app.replicas", "migration.args"), problems.stream().map(Problem::path).toList());
        assertEquals("replicaCount in src/main/helm/values.yaml", problems.get(0).value());
        assertTrue(problems.get(0).message().contains("set it there instead"), problems.get(0).message());
    }

    @Test
    void newKeysOnlyWhereTheSchemaAllowsThem() {
        Problem closed = problems(Map.of("values.yaml", "migration:\n  retries: 3\n")).get(0);
        assertEquals("migration.retries in src/main/helm/values.yaml", closed.value());
        assertTrue(closed.message().contains("refuses new keys under migration"), closed.message());
        RenderedChart open = renderer.render(with(Map.of("values.yaml", "nodeSelector:\n  pool: web\n")));
        assertEquals(Map.of("pool", "web"), at(yaml(open.file("values.yaml")), "nodeSelector"));
    }

    @Test
    void brokenYamlIsNamed() {
        Problem problem = problems(Map.of("values.yaml", "a: [\n")).get(0);
        assertEquals("src/main/helm/values.yaml", problem.value());
        assertTrue(problem.message().startsWith("is not valid YAML"), problem.message());
        Problem duplicate = problems(Map.of("values.yaml", "a: 1\na: 2\n")).get(0);
        assertTrue(duplicate.message().startsWith("is not valid YAML"), duplicate.message());
    }

    @Test
    void everyValueTheBuildSetsIsAKeyOfTheGeneratedValues() {
        Map<String, Object> values = yaml(renderer.render(ExampleSpecs.laravelApi()).file("values.yaml"));
        for (String key : AdditionsMerge.SET_BY_SETTINGS.keySet()) {
            if (key.contains("runAs")) {
                continue; // written only when the ids are known
            }
            Object node = values;
            for (String part : key.split("\\.")) {
                assertTrue(node instanceof Map<?, ?> map && map.containsKey(part), key + " is not a key of values.yaml");
                node = ((Map<?, ?>) node).get(part);
            }
        }
    }

    @Test
    void readsADirectory(@TempDir Path project) throws IOException {
        Path helm = Files.createDirectories(project.resolve("src/main/helm/templates"));
        Files.writeString(helm.resolve("networkpolicy.yaml"), NETWORK_POLICY);
        Files.writeString(helm.getParent().resolve("values.yaml"), VALUES);
        ChartAdditions additions = ChartAdditions.fromDirectory(project.resolve("src/main/helm"), ORIGIN);
        assertEquals(List.of("templates/networkpolicy.yaml", "values.yaml"), List.copyOf(additions.files().keySet()));
        Files.write(helm.resolve("binary.bin"), new byte[] {(byte) 0xff, (byte) 0xfe, 0});
        IOException binary = assertThrows(IOException.class, () -> ChartAdditions.fromDirectory(project.resolve("src/main/helm"), ORIGIN));
        assertTrue(binary.getMessage().contains("src/main/helm/templates/binary.bin is not UTF-8 text"), binary.getMessage());
    }
}
