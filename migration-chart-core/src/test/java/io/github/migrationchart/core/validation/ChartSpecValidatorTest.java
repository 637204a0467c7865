package io.github.migrationchart.core.validation;

import io.github.migrationchart.core.ExampleSpecs;
import io.github.migrationchart.core.model.AppSpec;
import io.github.migrationchart.core.model.ChartMetadata;
import io.github.migrationchart.core.model.ChartSpec;
import io.github.migrationchart.core.model.EnvVarSource;
import io.github.migrationchart.core.model.ImageSpec;
import io.github.migrationchart.core.model.DatabaseWait;
import io.github.migrationchart.core.model.MigrationContract;
import io.github.migrationchart.core.model.MigrationMode;
import io.github.migrationchart.core.model.MigrationPreset;
import io.github.migrationchart.core.model.MigrationWait;
import io.github.migrationchart.core.model.MigrationSpec;
import io.github.migrationchart.core.model.ResourceSpec;
import io.github.migrationchart.core.model.RunAsUser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChartSpecValidatorTest {

    private static ChartSpec withChart(String name, String version) {
        ChartSpec base = ExampleSpecs.minimal();
        return new ChartSpec(new ChartMetadata(name, version, "1.0", ""), base.app(), base.migration());
    }

    private static ChartSpec withApp(UnaryOperator<AppSpec.Builder> change) {
        ChartSpec base = ExampleSpecs.minimal();
        return new ChartSpec(base.chart(), change.apply(AppSpec.builder("example.org/demo")).build(), base.migration());
    }

    private static ChartSpec withMigration(UnaryOperator<MigrationSpec.Builder> change) {
        ChartSpec base = ExampleSpecs.minimal();
        return new ChartSpec(base.chart(), base.app(), change.apply(MigrationSpec.builder().args(List.of("migrate"))).build());
    }

    /** The only problem of the spec; fails when there are none or several. */
    private static Problem onlyProblem(ChartSpec spec) {
        List<Problem> problems = ChartSpecValidator.validate(spec);
        assertEquals(1, problems.size(), problems.toString());
        return problems.get(0);
    }

    @Test
    void examplesAreValid() {
        assertEquals(List.of(), ChartSpecValidator.validate(ExampleSpecs.laravelApi()));
        assertEquals(List.of(), ChartSpecValidator.validate(ExampleSpecs.minimal()));
    }

    @Test
    void chartNameIsRequired() {
        Problem problem = onlyProblem(withChart("", "1.0.0"));
        assertEquals("chart.name", problem.path());
        assertTrue(problem.message().startsWith("is required"), problem.message());
    }

    @Test
    void chartNameLongerThan53IsRejectedWithAShorterSuggestion() {
        String name = "a".repeat(30) + "-" + "b".repeat(23);
        Problem problem = onlyProblem(withChart(name, "1.0.0"));
        assertEquals("chart.name", problem.path());
        assertEquals(name, problem.value());
        assertTrue(problem.message().contains("54 characters long; at most 53"), problem.message());
        assertTrue(problem.message().contains("try \"" + name.substring(0, 53) + "\""), problem.message());
        assertEquals(List.of(), ChartSpecValidator.validate(withChart(name.substring(0, 53), "1.0.0")), "53 is fine");
    }

    @ParameterizedTest
    @ValueSource(strings = {"My_App", "-api", "api-", "api.v2", "ápi"})
    void chartNameMustBeAnRfc1123Label(String name) {
        Problem problem = onlyProblem(withChart(name, "1.0.0"));
        assertEquals("chart.name", problem.path());
        assertTrue(problem.message().contains("RFC 1123"), problem.message());
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.0", "v1.0.0", "1.0.0.0", "01.0.0", "latest"})
    void chartVersionMustBeSemVer(String version) {
        assertEquals("chart.version", onlyProblem(withChart("api", version)).path());
    }

    @Test
    void imageRepositoryIsRequiredAndCarriesNoTagOrDigest() {
        assertEquals("app.image.repository", onlyProblem(withApp(b -> b.imageRepository(""))).path());
        Problem tagged = onlyProblem(withApp(b -> b.imageRepository("example.org/demo:1.0")));
        assertTrue(tagged.message().contains("set the tag (\"1.0\")"), tagged.message());
        assertEquals("app.image.repository", onlyProblem(withApp(b -> b.imageRepository("example.org/demo@sha256:abc"))).path());
        assertEquals("app.image.repository", onlyProblem(withApp(b -> b.imageRepository("example.org/Demo"))).path());
        assertEquals(List.of(), ChartSpecValidator.validate(withApp(b -> b.imageRepository("registry.example.com:5000/a/b-c"))),
                "a registry port is not a tag");
    }

    @Test
    void appSettingsAreChecked() {
        assertEquals("app.image.tag", onlyProblem(withApp(b -> b.imageTag("-bad"))).path());
        assertEquals("app.image.pullPolicy", onlyProblem(withApp(b -> b.imagePullPolicy("always"))).path());
        assertEquals("app.containerPort", onlyProblem(withApp(b -> b.containerPort(0))).path());
        assertEquals("app.replicas", onlyProblem(withApp(b -> b.replicas(-1))).path());
        assertEquals("app.livenessPath", onlyProblem(withApp(b -> b.livenessPath("healthz"))).path());
        assertEquals("app.env", onlyProblem(withApp(b -> b.env(Map.of("1ST", "x")))).path());
        assertEquals("app.config", onlyProblem(withApp(b -> b.config(Map.of("A KEY", "x")))).path());
        assertEquals("app.secretRefs", onlyProblem(withApp(b -> b.secretRefs(List.of("Db_Secret")))).path());
        Problem duplicate = onlyProblem(withApp(b -> b.secretRefs(List.of("db", "db"))));
        assertTrue(duplicate.message().contains("listed twice"), duplicate.message());
        assertEquals("app.resources.limits.memory",
                onlyProblem(withApp(b -> b.resources(new ResourceSpec(Map.of(), Map.of("memory", "lots"))))).path());
    }

    @Test
    void emptyMigrationCommandIsRejectedUnlessTheMigrationIsDisabled() {
        Problem problem = onlyProblem(withMigration(b -> b.args(List.of())));
        assertEquals("migration.args", problem.path());
        assertTrue(problem.message().contains("never exits"), problem.message());
        assertEquals(List.of(), ChartSpecValidator.validate(withMigration(b -> b.args(List.of()).enabled(false))));
        assertEquals(List.of(), ChartSpecValidator.validate(withMigration(b -> b.args(List.of()).command(List.of("migrate")))));
        assertTrue(problem.message().contains("choose a preset (alembic, django, flyway,"), problem.message());
    }

    @Test
    void springPresetsRunTheImageEntrypointWithoutCommand() {
        assertEquals(List.of(), ChartSpecValidator.validate(withMigration(b -> b.args(List.of()).preset(MigrationPreset.SPRING_BOOT_FLYWAY))));
    }

    @Test
    void migrationSettingsAreChecked() {
        assertEquals("migration.image.repository",
                onlyProblem(withMigration(b -> b.image(new ImageSpec("example.org/m:1", "", "")))).path());
        assertEquals("migration.backoffLimit", onlyProblem(withMigration(b -> b.backoffLimit(-1))).path());
        assertEquals("migration.activeDeadlineSeconds", onlyProblem(withMigration(b -> b.activeDeadlineSeconds(0))).path());
        assertEquals("migration.configMapRefs", onlyProblem(withMigration(b -> b.configMapRefs(List.of("")))).path());
        assertEquals("migration.serviceAccountName", onlyProblem(withMigration(b -> b.serviceAccountName("Migrator"))).path());
        assertEquals("migration.podAnnotations", onlyProblem(withMigration(b -> b.podAnnotations(Map.of("bad key", "x")))).path());
    }

    @Test
    void digestsMustBeDigests() {
        String good = "sha256:" + "0123456789abcdef".repeat(4);
        assertEquals(List.of(), ChartSpecValidator.validate(withMigration(b -> b.image(new ImageSpec("", "", good, "")))));
        Problem shortDigest = onlyProblem(withMigration(b -> b.image(new ImageSpec("", "", "sha256:abc", ""))));
        assertEquals("migration.image.digest", shortDigest.path());
        assertTrue(shortDigest.message().contains("64 lowercase hex digits"), shortDigest.message());
        assertEquals("migration.image.digest", onlyProblem(withMigration(b -> b.image(new ImageSpec("", "", good.toUpperCase(), "")))).path());
        assertEquals("migration.wait.image.digest", onlyProblem(withMigration(b -> b.appWait(
                new MigrationWait(true, "registry.k8s.io/kubectl", "v1.34.4", "md5:1", 600)))).path());
        Problem inRepository = onlyProblem(withMigration(b -> b.image(new ImageSpec("example.org/m@" + good, "", ""))));
        assertEquals("migration.image.repository", inRepository.path());
        assertTrue(inRepository.message().contains("image digest setting"), inRepository.message());
    }

    @Test
    void envSourcesAreChecked() {
        assertEquals(List.of(), ChartSpecValidator.validate(withMigration(b -> b.envSources(Map.of(
                "DB_PASSWORD", EnvVarSource.secretKey("db", "password"),
                "POD_IP", new EnvVarSource("fieldRef", Map.of("fieldPath", "status.podIP")))))));
        assertEquals("migration.env.DB_PASSWORD.secretKeyRef.key",
                onlyProblem(withMigration(b -> b.envSources(Map.of("DB_PASSWORD", new EnvVarSource("secretKeyRef", Map.of("name", "db")))))).path());
        assertEquals("migration.env.DB_PASSWORD.secretKeyRef.name",
                onlyProblem(withMigration(b -> b.envSources(Map.of("DB_PASSWORD", EnvVarSource.secretKey("Db_Secret", "password"))))).path());
        Problem kind = onlyProblem(withMigration(b -> b.envSources(Map.of("DB_PASSWORD", new EnvVarSource("vaultRef", Map.of("path", "x"))))));
        assertEquals("migration.env.DB_PASSWORD", kind.path());
        assertTrue(kind.message().contains("secretKeyRef, configMapKeyRef, fieldRef, resourceFieldRef"), kind.message());
        assertEquals("migration.env.DB_PASSWORD.secretKeyRef.path", onlyProblem(withMigration(b -> b.envSources(Map.of(
                "DB_PASSWORD", new EnvVarSource("secretKeyRef", Map.of("name", "db", "key", "k", "path", "x")))))).path());
        ChartSpec base = ExampleSpecs.laravelApi();
        Problem both = onlyProblem(new ChartSpec(base.chart(), AppSpec.builder(base.app().image().repository())
                .env(Map.of("DB_PASSWORD", "x")).envSources(Map.of("DB_PASSWORD", EnvVarSource.secretKey("db", "password"))).build(),
                base.migration()));
        assertEquals("app.env.DB_PASSWORD", both.path());
        assertTrue(both.message().contains("both a value and a secretKeyRef"), both.message());
        MigrationSpec preset = MigrationSpec.builder().preset(MigrationPreset.LIQUIBASE)
                .envSources(Map.of("LIQUIBASE_SHOW_BANNER", EnvVarSource.secretKey("db", "banner"))).build();
        assertFalse(preset.env().containsKey("LIQUIBASE_SHOW_BANNER"), "a source replaces the preset's plain value: " + preset.env());
    }

    @Test
    void contractAndDatabaseWaitNameTheirSettings() {
        Problem noArgs = onlyProblem(withMigration(b -> b.contract(new MigrationContract(true, List.of(), List.of(), 270))));
        assertEquals("migration.contract.args", noArgs.path());
        assertTrue(noArgs.message().contains("--context-filter=contract"), noArgs.message());
        assertEquals("migration.contract.activeDeadlineSeconds", onlyProblem(withMigration(
                b -> b.contract(new MigrationContract(true, List.of(), List.of("contract"), 0)))).path());
        Problem noCheck = onlyProblem(withMigration(b -> b.databaseWait(new DatabaseWait(true, List.of(), 2))));
        assertEquals("migration.waitForDatabase.command", noCheck.path());
        assertEquals("migration.waitForDatabase.intervalSeconds", onlyProblem(withMigration(
                b -> b.databaseWait(new DatabaseWait(true, List.of("pg_isready"), 0)))).path());
    }

    @Test
    void liquibaseSplitsExpandAndContractByContext() {
        MigrationSpec liquibase = MigrationSpec.builder().preset(MigrationPreset.LIQUIBASE)
                .contract(new MigrationContract(true, List.of(), List.of(), 270)).build();
        assertEquals(List.of("update", "--context-filter=!contract"), liquibase.args());
        assertEquals(List.of("update", "--context-filter=contract"), liquibase.contract().args());
        assertEquals(List.of("update"), MigrationSpec.builder().preset(MigrationPreset.LIQUIBASE).build().args(),
                "without a contract phase the preset runs every change set");
        assertEquals(List.of("liquibase", "status"), liquibase.databaseWait().command());
        assertTrue(liquibase.databaseWait().enabled(), "a preset with a database check waits for the database by default");
        assertFalse(MigrationSpec.builder().preset(MigrationPreset.RAILS).build().databaseWait().enabled());
    }

    @ParameterizedTest
    @ValueSource(strings = {"hook-succeeded", "before-hook-creation,hook-failed", "before-hook-creation,sometimes"})
    void hookDeletePolicyMustKeepTheFailedJobAndReplaceTheOldOne(String policy) {
        assertEquals("migration.hookDeletePolicy", onlyProblem(withMigration(b -> b.hookDeletePolicy(policy))).path());
    }

    @Test
    void waitIsRefusedWhereItWouldDeadlock() {
        MigrationWait on = MigrationWait.DISABLED.withEnabled(true);
        assertEquals(List.of(), ChartSpecValidator.validate(withMigration(b -> b.appWait(on))));
        assertEquals(List.of(), ChartSpecValidator.validate(withMigration(b -> b.appWait(on).mode(MigrationMode.GITOPS))));
        // a Job deleted once it succeeds no longer holds anything up: the pods wait only for an unfinished Job
        assertEquals(List.of(), ChartSpecValidator.validate(withMigration(
                b -> b.appWait(on).hookDeletePolicy("before-hook-creation,hook-succeeded"))));

        Problem disabled = onlyProblem(withMigration(b -> b.appWait(on).enabled(false)));
        assertTrue(disabled.message().contains("needs the migration Job"), disabled.message());

        assertEquals("migration.wait.image.tag",
                onlyProblem(withMigration(b -> b.appWait(new MigrationWait(true, "registry.k8s.io/kubectl", "", 600)))).path());

        Problem noImage = onlyProblem(withMigration(b -> b.appWait(new MigrationWait(true, "", "v1.34.4", 600))));
        assertEquals("migration.wait.image.repository", noImage.path());
        assertEquals("is required: the kubectl image the application's pods wait with, e.g. registry.k8s.io/kubectl",
                noImage.message(), "the wait image, not the application's");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        ChartSpec spec = new ChartSpec(
                new ChartMetadata("Bad_Name", "1.0", "1.0", ""),
                AppSpec.builder("").containerPort(70000).build(),
                MigrationSpec.builder().backoffLimit(-1).build());

        InvalidChartSpecException thrown = assertThrows(InvalidChartSpecException.class, () -> ChartSpecValidator.requireValid(spec));
        assertEquals(List.of("chart.name", "chart.version", "app.image.repository", "app.containerPort",
                        "migration.args", "migration.backoffLimit"),
                thrown.problems().stream().map(Problem::path).toList());
        assertTrue(thrown.getMessage().startsWith("6 problem(s) in the chart specification:"), thrown.getMessage());
    }

    @Test
    void uidZeroIsRefusedBecauseThePodsRunAsNonRoot() {
        Problem app = onlyProblem(withApp(b -> b.runAsUser(RunAsUser.of(0, 1000))));
        assertEquals("app.runAsUser", app.path());
        assertEquals("0", app.value());
        assertTrue(app.message().startsWith("is root, and the pods run with runAsNonRoot: true"), app.message());
        assertTrue(app.message().contains("container's runAsUser breaks non-root policy"), app.message());

        assertEquals("migration.runAsUser", onlyProblem(withMigration(b -> b.runAsUser(RunAsUser.of(0, 0)))).path());
    }

    @Test
    void idsMustBeNonNegativeAndGroupZeroIsFine() {
        Problem uid = onlyProblem(withApp(b -> b.runAsUser(new RunAsUser(OptionalInt.of(-1), null))));
        assertEquals("app.runAsUser", uid.path());
        assertEquals("must be a uid from 1 to 2147483647, the image's non-root user, e.g. 1001", uid.message());
        Problem gid = onlyProblem(withMigration(b -> b.runAsUser(RunAsUser.of(1001, -5))));
        assertEquals("migration.runAsGroup", gid.path());
        assertEquals("-5", gid.value());
        assertEquals(List.of(), ChartSpecValidator.validate(withApp(b -> b.runAsUser(RunAsUser.of(RunAsUser.MAX_ID, 0)))));
        assertEquals(List.of(), ChartSpecValidator.validate(withMigration(b -> b.preset(MigrationPreset.LIQUIBASE))),
                "the presets' own ids are valid");
    }

    @Test
    void problemsShowControlCharactersOnOneLine() {
        Problem problem = new Problem("chart.description", "two\nlines", "must be a single line");
        assertEquals("<chartDescription> = \"two\\nlines\": must be a single line", problem.describe("<chartDescription>"));
    }
}
