package io.github.migrationchart.it;

import io.github.migrationchart.it.Charts.GeneratedChart;
import io.github.migrationchart.it.Tools.HelmCli;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.github.migrationchart.it.Charts.migrationJob;
import static io.github.migrationchart.it.Charts.at;
import static io.github.migrationchart.it.Charts.container;
import static io.github.migrationchart.it.Charts.count;
import static io.github.migrationchart.it.Charts.documents;
import static io.github.migrationchart.it.Charts.only;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every generated chart, under the real Helm 3 and Helm 4 CLIs: lint, template (also with
 * overrides), package and helm-unittest. Users run these CLIs, not the library the build uses.
 */
class HelmCliIT {

    static Stream<Arguments> chartsAndHelms() {
        return Stream.of(HelmCli.values())
                .flatMap(helm -> Charts.all().stream().map(chart -> Arguments.of(helm, chart)));
    }

    @ParameterizedTest(name = "{0} lint --strict {1}")
    @MethodSource("chartsAndHelms")
    void lintsStrictly(HelmCli helm, GeneratedChart chart) {
        Command.Result lint = helm.command("lint", "--strict", chart.directory().toString()).run();

        assertTrue(lint.succeeded(), lint.describe());
        assertTrue(lint.stdout().contains("1 chart(s) linted, 0 chart(s) failed"), lint.describe());
    }

    @ParameterizedTest(name = "{0} template {1}")
    @MethodSource("chartsAndHelms")
    void templatesTheMigrationJobBeforeTheDeployment(HelmCli helm, GeneratedChart chart) {
        Command.Result template = helm.command("template", "demo", chart.directory().toString()).run();
        assertTrue(template.succeeded(), template.describe());
        List<Map<String, Object>> manifests = documents(template.stdout());

        Map<String, Object> deployment = only(manifests, "Deployment");
        assertEquals(1L, count(manifests, "Service"));
        if (!migrationEnabled(chart)) {
            assertEquals(0L, count(manifests, "Job"), "no Job when the migration is disabled");
            return;
        }
        Map<String, Object> job = migrationJob(manifests);
        assertEquals("pre-install,pre-upgrade", at(job, "metadata", "annotations", "helm.sh/hook"));
        assertEquals("Never", at(job, "spec", "template", "spec", "restartPolicy"));
        if (migrationInheritsImage(chart)) {
            assertEquals(container(deployment, "image"), container(job, "image"),
                    "the migration runs the application's image");
        }
    }

    @ParameterizedTest(name = "{0} template --set image.tag {1}")
    @MethodSource("chartsAndHelms")
    void imageTagOverrideMovesTheDeploymentAndTheJobTogether(HelmCli helm, GeneratedChart chart) {
        Command.Result template = helm.command("template", "demo", chart.directory().toString(),
                "--set", "image.repository=registry.example.test/override/app", "--set", "image.tag=9.9.9",
                // a digest (chart-additions pins one from the build) wins over any tag: unpin it to deploy by tag
                "--set", "image.digest=").run();
        assertTrue(template.succeeded(), template.describe());
        List<Map<String, Object>> manifests = documents(template.stdout());

        assertEquals("registry.example.test/override/app:9.9.9", container(only(manifests, "Deployment"), "image"));
        if (migrationEnabled(chart) && migrationInheritsImage(chart)) {
            assertEquals("registry.example.test/override/app:9.9.9", container(migrationJob(manifests), "image"));
        }
    }

    @ParameterizedTest(name = "{0} template --set migration.enabled=false {1}")
    @MethodSource("chartsAndHelms")
    void migrationCanBeSwitchedOffAtDeployTime(HelmCli helm, GeneratedChart chart) {
        Command.Result template = helm.command("template", "demo", chart.directory().toString(),
                "--set", "migration.enabled=false").run();
        assertTrue(template.succeeded(), template.describe());
        List<Map<String, Object>> manifests = documents(template.stdout());

        assertEquals(0L, count(manifests, "Job"));
        assertTrue(manifests.stream().noneMatch(m -> at(m, "metadata", "annotations") instanceof Map<?, ?> a
                && a.containsKey("helm.sh/hook")), "no hook objects left");
        assertEquals(1L, count(manifests, "Deployment"));
    }

    @ParameterizedTest(name = "{0} template rejects a wrongly typed value {1}")
    @MethodSource("chartsAndHelms")
    void schemaRejectsAWronglyTypedValue(HelmCli helm, GeneratedChart chart) {
        Command.Result template = helm.command("template", "demo", chart.directory().toString(),
                "--set", "migration.backoffLimit=one").run();

        assertFalse(template.succeeded(), template.describe());
        assertTrue(template.stderr().contains("backoffLimit"), template.describe());
    }

    @ParameterizedTest(name = "{0} package {1}")
    @MethodSource("chartsAndHelms")
    void packagesWithoutTheTestSuites(HelmCli helm, GeneratedChart chart, @TempDir Path out) {
        Command.Result pack = helm.command("package", chart.directory().toString(), "-d", out.toString()).run();
        assertTrue(pack.succeeded(), pack.describe());

        Map<String, Object> chartYaml = Charts.yamlFile(chart.directory().resolve("Chart.yaml"));
        Path archive = out.resolve(chartYaml.get("name") + "-" + chartYaml.get("version") + ".tgz");
        assertTrue(Files.isRegularFile(archive), "expected " + archive + "\n" + pack.describe());
        Command.Result listing = Command.of("tar", "-tzf", archive.toString()).run();
        assertTrue(listing.succeeded(), listing.describe());
        assertTrue(listing.stdout().contains(chartYaml.get("name") + "/templates/migration-job.yaml"), listing.stdout());
        assertFalse(listing.stdout().contains("/tests/"), "helm-unittest suites stay out of the package:\n" + listing.stdout());
    }

    @ParameterizedTest(name = "{0} unittest {1}")
    @MethodSource("chartsAndHelms")
    void generatedUnitTestsPass(HelmCli helm, GeneratedChart chart) {
        Path tests = chart.directory().resolve("tests");
        if (chart.label().contains("migration-disabled")) {
            assertFalse(Files.exists(tests), "<unitTests>false</unitTests> generates no suites");
            return;
        }
        Command.Result unittest = helm.command("unittest", chart.directory().toString()).run();

        assertTrue(unittest.succeeded(), unittest.describe());
        long suites;
        try (Stream<Path> files = Files.list(tests)) {
            suites = files.filter(file -> file.getFileName().toString().endsWith("_test.yaml")).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertTrue(suites >= 5, "the generated suites, and the project's own: " + suites);
        assertTrue(unittest.stdout().matches("(?s).*Test Suites:\\s+" + suites + " passed, " + suites + " total.*"), unittest.describe());
    }

    @ParameterizedTest(name = "{0}: a broken chart fails lint, template, package and unittest")
    @EnumSource(HelmCli.class)
    void brokenChartsFail(HelmCli helm, @TempDir Path work) throws IOException {
        Path source = Charts.all().get(0).directory();

        Path restarting = copy(source, work.resolve("restarting/api"));
        replace(restarting.resolve("templates/_migration-pod.tpl"), "restartPolicy: Never", "restartPolicy: OnFailure");
        Command.Result unittest = helm.command("unittest", restarting.toString()).run();
        assertFalse(unittest.succeeded(), unittest.describe());
        assertTrue(unittest.stdout().contains("runs exactly one pod that is never restarted in place"), unittest.describe());

        Path unclosed = copy(source, work.resolve("unclosed/api"));
        replace(unclosed.resolve("templates/migration-job.yaml"), "{{- end }}\n", "");
        Command.Result lint = helm.command("lint", "--strict", unclosed.toString()).run();
        assertFalse(lint.succeeded(), lint.describe());
        assertTrue((lint.stdout() + lint.stderr()).contains("migration-job.yaml"), lint.describe());
        Command.Result template = helm.command("template", "demo", unclosed.toString()).run();
        assertFalse(template.succeeded(), template.describe());

        Path badVersion = copy(source, work.resolve("bad-version/api"));
        replace(badVersion.resolve("Chart.yaml"), "version: 1.4.0", "version: not-a-version");
        Command.Result pack = helm.command("package", badVersion.toString(), "-d", work.toString()).run();
        assertFalse(pack.succeeded(), pack.describe());
    }

    private static boolean migrationEnabled(GeneratedChart chart) {
        return Boolean.TRUE.equals(at(Charts.yamlFile(chart.directory().resolve("values.yaml")), "migration", "enabled"));
    }

    private static boolean migrationInheritsImage(GeneratedChart chart) {
        return "".equals(at(Charts.yamlFile(chart.directory().resolve("values.yaml")), "migration", "image", "repository"));
    }

    private static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
        return to;
    }

    private static void replace(Path file, String from, String to) throws IOException {
        String text = Files.readString(file);
        if (!text.contains(from)) {
            throw new AssertionError(file + " does not contain " + from);
        }
        Files.writeString(file, text.replace(from, to));
    }
}
