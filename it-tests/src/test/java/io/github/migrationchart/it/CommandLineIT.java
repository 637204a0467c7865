package io.github.migrationchart.it;

import io.github.migrationchart.it.Charts.GeneratedChart;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * migration-chart-cli, the runnable jar, against the Maven plugin: for every example and fixture
 * that generates a chart, the migration-chart.yaml equivalent to its POM ({@link PomAsYaml})
 * gives the same files, byte for byte; the committed migration-chart.yaml of examples/laravel-api
 * does too; check and render agree with the plugin's output; the container image built from the
 * module's Dockerfile writes the same chart as its default, non-root user.
 */
class CommandLineIT {
    private static final Path JAR = Path.of(Objects.requireNonNull(System.getProperty("cli.jar"), "cli.jar"));
    private static final Path SCHEMA = Path.of("../migration-chart-cli/src/main/resources/migration-chart.schema.json");

    @TempDir
    Path tmp;

    static List<GeneratedChart> charts() {
        return Charts.all();
    }

    static Command.Result cli(String... arguments) {
        List<String> command = new ArrayList<>(List.of("java", "-jar", JAR.toString()));
        command.addAll(Arrays.asList(arguments));
        return new Command(command, Map.of()).run();
    }

    /** The build's copy of the project a chart was generated in, without its output. */
    private Path projectOf(GeneratedChart chart) {
        String label = chart.label();
        return label.startsWith("examples/")
                ? FixtureBuilds.copyExample(label.substring("examples/".length()), tmp)
                : FixtureBuilds.copyFixture(label.substring("fixture ".length()), tmp);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("charts")
    void theCommandLineWritesThePluginsBytesForTheSameSettings(GeneratedChart plugin) throws IOException {
        Path project = projectOf(plugin);
        Path config = project.resolve("migration-chart.from-pom.yaml");
        Files.writeString(config, PomAsYaml.convert(project.resolve("pom.xml"), SCHEMA));

        Command.Result generate = cli("generate", "--file", config.toString(), "-Dmigration.outputDirectory=cli-helm");

        assertTrue(generate.succeeded(), generate.describe() + "\n--- " + config.getFileName() + " ---\n" + Files.readString(config));
        assertTrue(generate.stderr().contains("(helm lint --strict and helm template passed)"), generate.describe());
        assertEquals(files(plugin.directory()), files(project.resolve("cli-helm").resolve(plugin.directory().getFileName())),
                "chart of " + plugin + " from\n" + Files.readString(config));
    }

    @Test
    void theCommittedFileOfTheLaravelExampleIsItsPom() throws IOException {
        GeneratedChart plugin = charts().get(0);
        assertEquals("examples/laravel-api", plugin.label());
        Path project = projectOf(plugin);
        Command.of("rm", "-rf", project.resolve("build").toString()).run();
        Command.Result generate = cli("generate", "--file", project.resolve("migration-chart.yaml").toString());
        assertTrue(generate.succeeded(), generate.describe());
        assertEquals(files(plugin.directory()), files(project.resolve("build/helm/api")));

        Command.Result check = cli("check", "--file", project.resolve("migration-chart.yaml").toString(),
                "-Dmigration.check.chartDirectory=" + plugin.directory());
        assertTrue(check.succeeded(), check.describe());
        assertTrue(check.stderr().contains(" files are byte for byte what migration-chart.yaml generates"), check.describe());
    }

    @Test
    void renderWritesTheManifestsOfThePluginsRender() throws IOException {
        Path project = FixtureBuilds.copyFixture("render", tmp);
        Path config = project.resolve("migration-chart.yaml");
        Files.writeString(config, PomAsYaml.convert(project.resolve("pom.xml"), SCHEMA));
        // the same -D properties as the invoker's second build of the fixture
        List<String> arguments = new ArrayList<>(List.of("render", "--file", config.toString()));
        Files.readAllLines(project.resolve("render-to-file.properties")).stream()
                .filter(line -> !line.isBlank() && !line.startsWith("#"))
                .map(line -> "-D" + line.strip()).forEach(arguments::add);

        Command.Result render = cli(arguments.toArray(String[]::new));

        assertTrue(render.succeeded(), render.describe());
        assertEquals("", render.stdout(), "the manifests went to the output file");
        assertEquals(Files.readString(Charts.fixture("render").resolve("target/manifests/orders.yaml")),
                Files.readString(project.resolve("target/manifests/orders.yaml")));
        assertTrue(render.stderr().contains("objects of release shop in namespace prod, hooks included, written to target/manifests/orders.yaml"),
                render.describe());
    }

    @Test
    void aWrongSettingFailsNamingItsKeyAndWritesNothing() throws IOException {
        Path project = Files.createDirectories(tmp.resolve("broken"));
        Path config = project.resolve("migration-chart.yaml");
        Files.writeString(config, "chartName: api\nchartVersion: 1.0.0\nimage: registry.example.com/team/api\n"
                + "migration:\n  preset: laravel\n  backoffLimt: 2\n");

        Command.Result generate = cli("generate", "--file", config.toString());

        assertEquals(1, generate.exitCode(), generate.describe());
        assertTrue(generate.stderr().contains("migration.backoffLimt is not a setting of migration. Did you mean migration.backoffLimit?"),
                generate.describe());
        assertFalse(generate.stderr().contains("Exception"), generate.describe());
        assertFalse(Files.exists(project.resolve("build")), "nothing written");
    }

    @Test
    void theContainerImageGeneratesTheSameChartAsItsDefaultUser() throws IOException {
        GeneratedChart plugin = charts().get(0);
        Path project = projectOf(plugin);
        Command.of("rm", "-rf", project.resolve("build").toString()).run();
        // the image runs as 65532, as restricted pods and CI runners expect; the mounted project must let it write
        Command.of("chmod", "-R", "a+rwX", project.toString()).run();
        String image = "migration-chart.local/migration-chart-cli:it";
        Command.Result build = Command.of("docker", "build", "-q", "--build-arg", "BASE_IMAGE=migration-chart.local/jre:17",
                "-f", "../migration-chart-cli/src/main/docker/Dockerfile", "-t", image, "../migration-chart-cli").run();
        assertTrue(build.succeeded(), build.describe());
        try {
            Command.Result generate = Command.of("docker", "run", "--rm", "--network", "none",
                    "-v", project + ":/project", image, "generate", "-Dmigration.app.replicas=2").run();
            assertTrue(generate.succeeded(), generate.describe());
            assertEquals("Helm chart api 1.4.0 written to /project/build/helm/api (helm lint --strict and helm template passed)\n",
                    generate.stderr(), "only the command's own line");
            assertEquals(files(plugin.directory()), files(project.resolve("build/helm/api")));

            Command.Result help = Command.of("docker", "run", "--rm", "--network", "none", image).run();
            assertTrue(help.succeeded() && help.stdout().startsWith("Usage: migration-chart <command>"), help.describe());
        } finally {
            Command.of("docker", "rmi", "-f", image).run();
        }
    }

    /** Every file under the directory by relative path, with its content. */
    static Map<String, String> files(Path directory) throws IOException {
        Map<String, String> files = new TreeMap<>();
        for (Path relative : Charts.files(directory)) {
            files.put(relative.toString(), Files.readString(directory.resolve(relative)));
        }
        assertFalse(files.isEmpty(), "no files in " + directory);
        return files;
    }
}
