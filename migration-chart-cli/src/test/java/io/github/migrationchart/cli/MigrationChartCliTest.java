package io.github.migrationchart.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line as a user runs it: a migration-chart.yaml, a command, its exit code and its output. */
class MigrationChartCliTest {
    private static final String LARAVEL = """
            chartName: api
            chartVersion: 1.4.0
            image: registry.example.com/team/api
            runAsUser: 33
            appSecretRefs: [laravel-secrets]
            migration:
              preset: laravel
              secretRefs: [laravel-secrets]
            """;

    @TempDir
    Path project;

    private String stdout = "";
    private String stderr = "";

    private int run(Map<String, String> environment, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new MigrationChartCli(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), environment, project).run(List.of(args));
        stdout = out.toString(StandardCharsets.UTF_8);
        stderr = err.toString(StandardCharsets.UTF_8);
        return code;
    }

    private int run(String... args) {
        return run(Map.of(), args);
    }

    private void config(String yaml) throws IOException {
        Files.writeString(project.resolve("migration-chart.yaml"), yaml);
    }

    private Map<String, Object> yaml(Path file) throws IOException {
        return new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
    }

    @Test
    void generateWritesTheCheckedChartIntoBuildHelm() throws IOException {
        config(LARAVEL);
        assertEquals(0, run("generate"), stderr);
        Path chart = project.resolve("build/helm/api");
        Map<String, Object> metadata = yaml(chart.resolve("Chart.yaml"));
        assertEquals("api", metadata.get("name"));
        assertEquals("1.4.0", metadata.get("version"));
        assertEquals("1.4.0", metadata.get("appVersion"), "appVersion defaults to chartVersion");
        Map<?, ?> image = (Map<?, ?>) yaml(chart.resolve("values.yaml")).get("image");
        assertEquals("1.4.0", image.get("tag"), "imageTag defaults to appVersion");
        assertEquals("IfNotPresent", image.get("pullPolicy"));
        assertTrue(Files.isRegularFile(chart.resolve("templates/migration-job.yaml")));
        assertTrue(stderr.startsWith("Helm chart api 1.4.0 written to " + chart + " (helm lint --strict and helm template passed)"), stderr);
        assertEquals("", stdout, "standard output is for render's manifests only");

        assertEquals(0, run("generate"), stderr);
        assertTrue(stderr.contains(" is up to date: nothing it is made from changed since it was generated"
                + " (-Dmigration.force=true generates it again)"), stderr);
    }

    @Test
    void propertiesOfTheCommandLineWinOverTheFileAndEnvironmentVariablesAreExpanded() throws IOException {
        config(LARAVEL.replace("chartVersion: 1.4.0", "chartVersion: 1.4.0\nimageTag: ${env.CI_COMMIT_TAG}"));
        assertEquals(0, run(Map.of("CI_COMMIT_TAG", "1.4.0-rc.1"), "generate", "-Dmigration.lint.skip=true",
                "-Dmigration.outputDirectory=deploy/chart", "-Dmigration.app.replicas=3"), stderr);
        Map<String, Object> values = yaml(project.resolve("deploy/chart/api/values.yaml"));
        assertEquals("1.4.0-rc.1", ((Map<?, ?>) values.get("image")).get("tag"));
        assertEquals(3, values.get("replicaCount"));
        assertFalse(stderr.contains("helm lint"), stderr);
    }

    @Test
    void everyProblemIsReportedAtOnceByItsKeyPathAndNothingIsWritten() throws IOException {
        config("""
                chartName: Api_Bad
                chartVersion: 1.4.0
                imagee: registry.example.com/team/api
                replicas: three
                appEnv:
                  TOKEN: ${env.NOT_SET_HERE}
                migration:
                  args: php artisan migrate
                  backoffLimit: -1
                  wait:
                    enabled: yes
                    timeoutSecond: 3
                """);
        assertEquals(1, run("generate", "-Dmigration.app.imageTg=1.5.0"));
        List<String> problems = stderr.lines().filter(line -> line.startsWith("  - ")).toList();
        assertEquals(List.of(
                "  - appEnv.TOKEN = \"${env.NOT_SET_HERE}\": the environment variable NOT_SET_HERE is not set; set it, or write the value itself",
                "  - imagee is not a setting of migration-chart.yaml. Did you mean image? Known: appConfig, appEnv,"
                        + " appReadOnlyRootFilesystem, appResources, appSecretRefs, appVersion, chartAdditions, chartDescription,"
                        + " chartDirectory, chartName, chartVersion, containerPort, force, image, imageDigest, imageDigestFile,"
                        + " imagePullPolicy, imageTag, livenessPath, migration, namespace, output, outputDirectory, readinessPath,"
                        + " releaseName, replicas, runAsGroup, runAsUser, set, skipLint, unitTests, values.",
                "  - -Dmigration.app.imageTg is not a property of migration-chart. Did you mean -Dmigration.app.imageTag?"
                        + " Nested settings (migration, appEnv, ...) are set in migration-chart.yaml.",
                "  - replicas (-Dmigration.app.replicas) = \"three\": must be a whole number, e.g. 1",
                "  - migration.args = \"php artisan migrate\": must be a list, e.g. args: [first, second]",
                "  - migration.wait.timeoutSecond is not a setting of migration.wait. Did you mean migration.wait.timeoutSeconds?"
                        + " Known: enabled, image, imageDigest, imageTag, timeoutSeconds.",
                "  - migration.wait.enabled = \"yes\": must be true or false"),
                problems.subList(0, 7));
        assertTrue(problems.stream().anyMatch(line -> line.startsWith("  - chartName = \"Api_Bad\": must be lowercase")), stderr);
        assertTrue(problems.stream().anyMatch(line -> line.equals("  - image = \"\": is required: the image repository of the application, e.g. registry.example.com/team/api")), stderr);
        assertTrue(problems.stream().anyMatch(line -> line.startsWith("  - migration.backoffLimit = \"-1\": must be 0 or more")), stderr);
        assertTrue(stderr.startsWith("ERROR: " + problems.size() + " problems in migration-chart.yaml:"), stderr);
        assertTrue(stderr.strip().endsWith("Fix them in migration-chart.yaml; nothing was written."), stderr);
        assertFalse(stderr.contains("<"), "no POM notation: " + stderr);
        assertFalse(stderr.contains("Exception"), stderr);
        try (Stream<Path> files = Files.list(project)) {
            assertEquals(List.of(project.resolve("migration-chart.yaml")), files.toList());
        }
    }

    @Test
    void aFileThatIsNotYamlOrHasAKeyTwiceIsNamedWithItsLine() throws IOException {
        config("chartName: api\nmigration:\n  args: [php\n");
        assertEquals(1, run("generate"));
        assertTrue(stderr.startsWith("ERROR: migration-chart.yaml is not valid YAML (line 4, column 1): "), stderr);
        assertEquals(1, stderr.lines().count(), "a file that cannot be read is the only problem: " + stderr);

        config("chartName: api\nchartVersion: 1.0.0\nimage: a\nchartName: web\n");
        assertEquals(1, run("generate"));
        assertTrue(stderr.contains("  - chartName is given twice (line 1, column 1 and line 4, column 1); give each key once"), stderr);

        assertEquals(1, run("generate", "--file", "elsewhere/migration-chart.yaml"));
        assertTrue(stderr.startsWith("ERROR: elsewhere/migration-chart.yaml does not exist"), stderr);
    }

    @Test
    void errorsNameTheFileThatWasGiven() throws IOException {
        Files.createDirectories(project.resolve("deploy"));
        Files.writeString(project.resolve("deploy/api.yaml"), LARAVEL + "imagee: x\n");
        assertEquals(1, run("generate", "--file", "deploy/api.yaml", "-Dmigration.args=migrate"));
        List<String> problems = stderr.lines().filter(line -> line.startsWith("  - ")).toList();
        assertTrue(problems.get(0).startsWith("  - imagee is not a setting of deploy/api.yaml. Did you mean image?"), stderr);
        assertTrue(problems.get(1).endsWith(" Nested settings (migration, appEnv, ...) are set in deploy/api.yaml."), stderr);
        assertEquals(2, problems.size(), stderr);
    }

    @Test
    void valuesStayTheTextTheUserWrote() throws IOException {
        config(LARAVEL + """
                appConfig:
                  VERSION: 1.10
                  ENABLED: yes
                  EMPTY: ~
                  TILDE: "~"
                """);
        assertEquals(0, run("generate", "-Dmigration.lint.skip=true"), stderr);
        Map<?, ?> config = (Map<?, ?>) yaml(project.resolve("build/helm/api/values.yaml")).get("config");
        assertEquals("1.10", config.get("VERSION"));
        assertEquals("yes", config.get("ENABLED"));
        assertEquals("", config.get("EMPTY"));
        assertEquals("~", config.get("TILDE"));
    }

    @Test
    void checkFailsOnAStaleCommittedChartWithTheCommandThatRefreshesIt() throws IOException {
        config(LARAVEL + "chartDirectory: deploy/chart/api\n");
        assertEquals(0, run("generate", "-Dmigration.outputDirectory=deploy/chart", "-Dmigration.lint.skip=true"), stderr);
        assertEquals(0, run("check"), stderr);
        assertTrue(stderr.contains("Chart deploy/chart/api is up to date: its ") && stderr.contains(" files are byte for byte what"
                + " migration-chart.yaml generates"), stderr);

        config(LARAVEL.replace("runAsUser: 33", "runAsUser: 1000") + "chartDirectory: deploy/chart/api\n");
        assertEquals(1, run("check"));
        assertTrue(stderr.contains("-  runAsUser: 33") && stderr.contains("+  runAsUser: 1000"), stderr);
        assertTrue(stderr.contains("migration-chart generate -Dmigration.outputDirectory=deploy/chart"), stderr);
        assertFalse(stderr.contains("mvn "), stderr);
    }

    @Test
    void renderPrintsOnlyTheManifestsOnStandardOutput() throws IOException {
        config(LARAVEL);
        assertEquals(0, run("render", "-Dmigration.lint.skip=true", "-Dmigration.render.set=image.tag=2.0,replicaCount=3",
                "-Dmigration.render.releaseName=shop"), stderr);
        List<Map<String, Object>> objects = new ArrayList<>();
        for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(stdout)) {
            if (document != null) {
                @SuppressWarnings("unchecked")
                Map<String, Object> object = (Map<String, Object>) document;
                objects.add(object);
            }
        }
        Map<String, Object> job = objects.stream().filter(object -> "Job".equals(object.get("kind")))
                .filter(object -> "migration".equals(((Map<?, ?>) ((Map<?, ?>) object.get("metadata")).get("labels"))
                        .get("app.kubernetes.io/component"))).findFirst().orElseThrow();
        Map<?, ?> annotations = (Map<?, ?>) ((Map<?, ?>) job.get("metadata")).get("annotations");
        assertEquals("pre-install,pre-upgrade", annotations.get("helm.sh/hook"));
        Map<String, Object> deployment = objects.stream().filter(object -> "Deployment".equals(object.get("kind"))).findFirst().orElseThrow();
        assertEquals(3, ((Map<?, ?>) deployment.get("spec")).get("replicas"));
        assertTrue(stderr.contains("objects of release shop in namespace default, hooks included"), stderr);
    }

    @Test
    void aWrongCommandLineExitsWithTwoAndTheUsage() {
        assertEquals(2, run("genrate"));
        assertTrue(stderr.startsWith("migration-chart: unknown command genrate (commands: generate, check, render); did you mean generate?"), stderr);
        assertTrue(stderr.contains("Usage: migration-chart <command>"), stderr);
        assertEquals(2, run());
        assertEquals(2, run("generate", "--frobnicate"));
        assertEquals(0, run("--help"));
        assertTrue(stdout.startsWith("Usage: migration-chart <command>"), stdout);
        assertEquals(0, run("--version"));
        assertTrue(stdout.matches("migration-chart \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\\n"), stdout);
    }
}
