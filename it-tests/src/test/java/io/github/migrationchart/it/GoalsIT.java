package io.github.migrationchart.it;

import io.github.migrationchart.it.Tools.HelmCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.github.migrationchart.it.Charts.files;
import static io.github.migrationchart.it.Charts.migrationJob;
import static io.github.migrationchart.it.Charts.at;
import static io.github.migrationchart.it.Charts.container;
import static io.github.migrationchart.it.LocalCluster.require;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The goals beside {@code generate}: {@code check}, {@code render}, {@code package} and
 * {@code deploy}, each succeeding and failing as a user would run them. Most assert on the build
 * logs of the invoker fixtures; the rest run Maven here on copies of fixtures (the plugin is in the
 * local repository by then: invoker:install put it there), in other directories and time zones,
 * or against the local cluster.
 */
class GoalsIT {
    private static final String IMAGE = "registry.example.com/shop/orders";

    // ---- migration:check ------------------------------------------------------------------

    @Test
    void checkPassesOnTheChartThatGenerateWrote() {
        String log = buildLog("check");

        assertTrue(log.matches("(?s).*\\[INFO] Chart deploy/chart/orders is up to date: its \\d+ files are byte for byte"
                + " what the POM generates.*"), log);
        assertTrue(log.contains("BUILD SUCCESS"), log);
    }

    @Test
    void checkFailsOnAStaleChartWithADiffPerFileAndTheRefreshCommand() {
        String log = buildLog("check-stale");

        String[] expected = {
            "The chart in deploy/chart/orders is stale: ",
            "[ERROR]   changed: Chart.yaml",
            "[ERROR]   no longer generated: templates/configmap.yaml",
            "[ERROR]   missing (generated, not committed): tests/migration-job_test.yaml",
            // a changed file
            "[ERROR] --- a/Chart.yaml\n[ERROR] +++ b/Chart.yaml\n[ERROR] @@ ",
            "[ERROR] -version: 1.0.0\n[ERROR] +version: 2.0.0\n",
            // a file the POM no longer generates
            "[ERROR] --- a/templates/configmap.yaml\n[ERROR] +++ /dev/null\n[ERROR] @@ -1,",
            // a generated file missing from the committed chart
            "[ERROR] --- /dev/null\n[ERROR] +++ b/tests/migration-job_test.yaml\n[ERROR] @@ -0,0 +1,",
            "[ERROR] Refresh it with: mvn migration:generate -Dmigration.outputDirectory=deploy/chart\n",
        };
        Reports.assertReportedWithoutStackTrace(log, "a stale chart", expected);
    }

    @Test
    void theRefreshCommandThatCheckPrintsMakesTheCheckPass(@TempDir Path tmp) {
        Path project = FixtureBuilds.copyFixture("check-stale", tmp);
        Matcher refresh = Pattern.compile("Refresh it with: mvn (migration:generate -Dmigration.outputDirectory=\\S+)")
                .matcher(buildLog("check-stale"));
        assertTrue(refresh.find());

        Command.Result generate = FixtureBuilds.maven(project, Map.of(), refresh.group(1).split(" "));
        Command.Result check = FixtureBuilds.maven(project, Map.of(), "migration:check", "-Dmigration.check.chartDirectory=deploy/chart/orders");

        assertTrue(generate.succeeded(), generate.describe());
        assertTrue(check.succeeded(), check.describe());
        assertTrue(check.stdout().contains("Chart deploy/chart/orders is up to date"), check.describe());
    }

    @Test
    void chartAdditionsAreMergedTheBuiltDigestPinnedAndCheckCoversTheResult() {
        String log = buildLog("chart-additions");
        Path chart = Charts.fixture("chart-additions").resolve("target/helm/payments");

        assertTrue(log.contains("[INFO] Image registry.example.com/shop/payments pinned to sha256:" + "1".repeat(64)
                + ", the digest in build/jib-image.json"), log);
        assertTrue(log.contains("[INFO] Chart deploy/chart/payments is up to date"), log);
        assertTrue(log.contains("BUILD SUCCESS"), log);
        Map<String, Object> values = Charts.yamlFile(chart.resolve("values.yaml"));
        assertEquals("sha256:" + "1".repeat(64), Charts.at(values, "image", "digest"));
        assertEquals("sha256:" + "2".repeat(64), Charts.at(values, "migration", "image", "digest"));
        assertEquals(true, Charts.at(values, "networkPolicy", "enabled"));
        assertEquals("payments.example.com", Charts.at(values, "ingress", "hosts", 0, "host"));
        assertEquals(Map.of("name", "FLYWAY_PASSWORD", "valueFrom", Map.of("secretKeyRef", Map.of("name", "payments-db", "key", "password"))),
                Charts.at(values, "migration", "env", 2));
        assertEquals(Map.of("name", "POD_NAME", "valueFrom", Map.of("fieldRef", Map.of("fieldPath", "metadata.name"))),
                Charts.at(values, "env", 1));
        assertTrue(Files.isRegularFile(chart.resolve("templates/networkpolicy.yaml")));
        assertTrue(Files.isRegularFile(chart.resolve("tests/networkpolicy_test.yaml")));
        assertTrue(Charts.read(chart.resolve("README.md")).contains("## Additions from the project"));
    }

    @Test
    void aChangeOfTheChartAdditionsMakesTheCommittedChartStale(@TempDir Path tmp) throws IOException {
        Path project = FixtureBuilds.copyFixture("chart-additions", tmp);
        Command.Result generate = FixtureBuilds.maven(project, Map.of(), "migration:generate", "-Dmigration.outputDirectory=deploy/chart");
        Path values = project.resolve("src/main/helm/values.yaml");
        Files.writeString(values, Files.readString(values).replace("  enabled: true\n\ningress", "  enabled: false\n\ningress"));
        Command.Result check = FixtureBuilds.maven(project, Map.of(), "migration:check", "-Dmigration.check.chartDirectory=deploy/chart/payments");

        assertTrue(generate.succeeded(), generate.describe());
        assertFalse(check.succeeded(), check.describe());
        Reports.assertReportedWithoutStackTrace(check.stdout(), "stale additions",
                "[ERROR]   changed: values.yaml", "[ERROR] -  enabled: true\n[ERROR] +  enabled: false\n");
    }

    @Test
    void formerPropertyNamesStillWorkForOneReleaseWithAWarningNamingTheNewOne(@TempDir Path tmp) {
        Path project = FixtureBuilds.copyFixture("check-stale", tmp);
        Command.Result generate = FixtureBuilds.maven(project, Map.of(), "migration:generate", "-Dmigration.outputDirectory=deploy/chart");
        Command.Result check = FixtureBuilds.maven(project, Map.of(), "migration:check", "-Dmigration.chartDirectory=deploy/chart/orders",
                "-Dmigration.replicas=3");

        assertTrue(generate.succeeded(), generate.describe());
        assertFalse(check.succeeded(), "replicas 3 differs from the committed chart: " + check.describe());
        assertTrue(check.stdout().contains("[WARNING] -Dmigration.chartDirectory is deprecated and will stop working in the"
                + " next release: use -Dmigration.check.chartDirectory (it sets <chartDirectory>)."), check.describe());
        assertTrue(check.stdout().contains("[WARNING] -Dmigration.replicas is deprecated and will stop working in the"
                + " next release: use -Dmigration.app.replicas (it sets <replicas>)."), check.describe());
        assertTrue(check.stdout().contains("replicaCount: 3"), "the old name still sets the value: " + check.describe());
    }

    @Test
    void generatedChartIsByteIdenticalInOtherDirectoriesTimeZonesAndLocales(@TempDir Path tmp) throws IOException {
        Path first = tmp.resolve("first").resolve("billing");
        Path second = tmp.resolve("second place, other zone").resolve("billing");
        for (Path project : List.of(first, second)) {
            Files.createDirectories(project);
            Files.copy(Charts.fixture("full").resolve("pom.xml"), project.resolve("pom.xml"));
        }

        Command.Result east = FixtureBuilds.maven(first, timeZone("Pacific/Kiritimati", "-Duser.language=tr -Duser.country=TR"),
                "migration:generate");
        Command.Result west = FixtureBuilds.maven(second, timeZone("America/Los_Angeles", "-Duser.language=en -Duser.country=US"),
                "migration:generate");

        assertTrue(east.succeeded(), east.describe());
        assertTrue(west.succeeded(), west.describe());
        Path invoker = Charts.fixture("full").resolve("target/helm/billing-service");
        List<Path> files = files(invoker);
        assertFalse(files.isEmpty());
        for (Path chart : List.of(first.resolve("target/helm/billing-service"), second.resolve("target/helm/billing-service"))) {
            assertEquals(files, files(chart), "the same files in " + chart);
            for (Path file : files) {
                byte[] bytes = Files.readAllBytes(chart.resolve(file));
                assertArrayEquals(Files.readAllBytes(invoker.resolve(file)), bytes, file + " differs in " + chart);
                String text = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
                assertFalse(text.contains("\r"), file + " has a carriage return");
                assertFalse(text.contains(tmp.toString()), file + " names the directory it was generated in");
            }
        }

        // and the check accepts a chart generated elsewhere, in another time zone
        Command.Result check = FixtureBuilds.maven(second, timeZone("Asia/Kathmandu", ""), "migration:check",
                "-Dmigration.check.chartDirectory=" + first.resolve("target/helm/billing-service"));
        assertTrue(check.succeeded(), check.describe());
    }

    // ---- migration:render -----------------------------------------------------------------

    @Test
    void renderPrintsEveryObjectWithTheMigrationJobAndItsHookToTheLog() {
        String log = buildLog("render");

        assertTrue(log.matches("(?s).*\\[INFO] Rendered \\d+ objects of release orders in namespace default, hooks included:\n.*"), log);
        String job = log.substring(log.indexOf("[INFO] kind: Job"));
        assertTrue(job.contains("[INFO]     helm.sh/hook: pre-install,pre-upgrade\n"), log);
        assertTrue(job.contains("[INFO]           image: \"" + IMAGE + ":2.0\"\n"), log);
    }

    @Test
    void renderWritesTheManifestsForValuesFilesAndOverridesToAFile() {
        Path project = Charts.fixture("render");
        String log = buildLog("render");
        String manifests = Charts.read(project.resolve("target/manifests/orders.yaml"));
        List<Map<String, Object>> objects = Charts.documents(manifests);

        assertTrue(log.contains("[INFO] Rendered " + objects.size() + " objects of release shop in namespace prod,"
                + " hooks included, written to target/manifests/orders.yaml"), log);
        Map<String, Object> job = Charts.migrationJob(objects);
        assertEquals("shop-orders-migration", at(job, "metadata", "name"));
        assertEquals("pre-install,pre-upgrade", at(job, "metadata", "annotations", "helm.sh/hook"));
        assertEquals(IMAGE + ":2.0", container(job, "image"), "-Dmigration.render.set=image.tag=2.0");
        assertEquals(4, at(job, "spec", "backoffLimit"), "from values-review.yaml");
        assertEquals("true", at(job, "spec", "template", "metadata", "annotations", "example.com/reviewed"));
        Map<String, Object> deployment = Charts.only(objects, "Deployment");
        assertEquals(3, at(deployment, "spec", "replicas"), "-Dmigration.render.set=replicaCount=3");
        assertEquals(IMAGE + ":2.0", container(deployment, "image"));
        // the hook copy of the ConfigMap that the Job reads is rendered too, as a hook
        assertTrue(objects.stream().anyMatch(o -> "ConfigMap".equals(o.get("kind"))
                && "shop-orders-migration".equals(at(o, "metadata", "name"))
                && "pre-install,pre-upgrade".equals(at(o, "metadata", "annotations", "helm.sh/hook"))), manifests);
        assertFalse(manifests.contains("placeholder"), manifests);
    }

    @Test
    void renderWithWrongSettingsNamesThemAndWithRefusedValuesShowsHelmsReason() {
        String log = buildLog("render-invalid");

        String[] expected = {
            "2 problems with the settings of migration:render:",
            "<values> (-Dmigration.render.values) = \"values-missing.yaml\": no such file",
            "<set> (-Dmigration.render.set) = \"replicaCount\": must be key=value, e.g. image.tag=2.0",
            "helm template of release orders (chart orders) failed for the given values:",
            "replicaCount",
            "Check <values> (-Dmigration.render.values) and <set> (-Dmigration.render.set).",
        };
        Reports.assertReportedWithoutStackTrace(log, "a user mistake", expected);
    }

    // ---- migration:package ----------------------------------------------------------------

    @Test
    void packageWritesTheArchiveAndMavenDeployPublishesItAsTgzWithClassifierHelm() throws IOException {
        Path project = Charts.fixture("package");
        String log = buildLog("package");
        Path archive = project.resolve("target/orders-2.0.0.tgz");
        Path published = project.resolve("target/repository/io/github/migrationchart/it/orders-service/2.0.0/"
                + "orders-service-2.0.0-helm.tgz");

        assertTrue(log.contains("Helm chart orders 2.0.0 packaged to " + archive
                + ", attached as io.github.migrationchart.it:orders-service:tgz:helm:2.0.0"), log);
        assertTrue(Files.isRegularFile(published), "mvn deploy published " + published + "\n" + log);
        assertArrayEquals(Files.readAllBytes(archive), Files.readAllBytes(published));

        Command.Result listing = Command.of("tar", "-tzf", archive.toString()).run();
        assertTrue(listing.succeeded(), listing.describe());
        for (String entry : List.of("orders/Chart.yaml", "orders/values.yaml", "orders/values.schema.json",
                "orders/templates/migration-job.yaml", "orders/templates/deployment.yaml")) {
            assertTrue(listing.stdout().lines().anyMatch(entry::equals), entry + " in\n" + listing.stdout());
        }
        Command.Result show = HelmCli.HELM4.command("show", "chart", archive.toString()).run();
        assertTrue(show.succeeded(), show.describe());
        assertTrue(show.stdout().contains("name: orders") && show.stdout().contains("version: 2.0.0"), show.stdout());
    }

    @Test
    void packageRefusesAPushAddressThatIsNotOciAndReportsAFailedPush() {
        String log = buildLog("package-push");

        String[] expected = {
            "1 problem with the settings of migration:package:",
            "<push> (-Dmigration.package.push) = \"https://127.0.0.1:9/charts\": must be oci://<registry host>[:port]/<path>",
            "<push> (-Dmigration.package.push) = \"oci://127.0.0.1:9/charts\": helm push of orders-2.0.0.tgz failed: ",
            "connection refused",
            "Log in first with `helm registry login 127.0.0.1:9`",
        };
        Reports.assertReportedWithoutStackTrace(log, "a user mistake", expected);
    }

    // ---- migration:deploy -----------------------------------------------------------------

    @Test
    void deployWithWrongSettingsNamesEveryOneBeforeDoingAnything() {
        Path project = Charts.fixture("deploy-invalid");
        String log = buildLog("deploy-invalid");

        String[] expected = {
            "4 problems with the settings of migration:deploy:",
            "<values> (-Dmigration.deploy.values) = \"values-prod.yaml\": no such file",
            "<namespace> (-Dmigration.deploy.namespace) is required: the namespace of the release, e.g. -Dmigration.deploy.namespace=shop",
            "<timeout> (-Dmigration.deploy.timeout) = \"soon\": must be a duration such as 90s, 5m or 1h30m",
            "<kubeconfig> (-Dmigration.deploy.kubeconfig) = \"",
        };
        Reports.assertReportedWithoutStackTrace(log, "a user mistake", expected);
        assertFalse(Files.exists(project.resolve("target/helm")), "nothing generated");
    }

    @Test
    @ExtendWith(LocalCluster.class)
    void deployInstallsTheReleaseMigrationFirst(LocalCluster cluster, @TempDir Path tmp) throws Exception {
        LaravelApp app = LaravelApp.in(cluster, "goal-deploy");
        String namespace = app.namespace();
        Path project = FixtureBuilds.copyFixture("deploy", tmp);

        Command.Result deploy = FixtureBuilds.maven(project, Map.of(), "migration:deploy", "-Dmigration.deploy.namespace=" + namespace,
                "-Dmigration.deploy.kubeconfig=" + kubeconfig(cluster), "-Dmigration.deploy.timeout=90s",
                "-Dmigration.deploy.set=image.tag=1.4.0");

        assertTrue(deploy.succeeded(), deploy.describe());
        assertTrue(deploy.stdout().contains("[INFO] Release orders revision 1 in namespace " + namespace
                + ": deployed (chart orders 2.0.0)"), deploy.stdout());
        Map<String, Object> job = cluster.getJson("job", "orders-migration", "-n", namespace);
        assertEquals(1, at(job, "status", "succeeded"));
        assertEquals(LaravelApp.IMAGE + ":1.4.0", container(job, "image"));
        assertEquals(List.of(LaravelApp.USERS), app.appliedMigrations(), "the real migration ran");
        assertEquals(LaravelApp.IMAGE + ":1.4.0", container(cluster.getJson("deployment", "orders", "-n", namespace), "image"));
    }

    @Test
    @ExtendWith(LocalCluster.class)
    void deployOfAFailingMigrationPrintsThePodLogAndTheCommandToInspectIt(LocalCluster cluster, @TempDir Path tmp)
            throws Exception {
        LaravelApp app = LaravelApp.in(cluster, "goal-deploy-failing");
        String namespace = app.namespace();

        Command.Result deploy = deployFixture(cluster, app, tmp, "90s", "failing-migration.yaml");

        assertFalse(deploy.succeeded(), deploy.describe());
        String output = deploy.stdout();
        String[] expected = {
            "[ERROR] Failed to execute goal io.github.migrationchart:migration-maven-plugin:",
            ":deploy (default-cli) on project orders: helm upgrade --install orders failed in namespace " + namespace + ":",
            "pre-install",
            "orders-migration",
            "The migration Job orders-migration did not succeed. Log of its pod orders-migration-",
            // what the real migration printed: artisan's lines and PostgreSQL's refusal
            "[ERROR]   Migrating: " + LaravelApp.INVOICES,
            "relation \"customers\" does not exist",
            "[ERROR] Inspect it with: kubectl logs job/orders-migration -n " + namespace + "\n",
            "Helm stopped before the Deployment",
        };
        Reports.assertReportedWithoutStackTrace(output, "a failed migration", expected);
        // the printed command works, the first two migrations are in, and the Deployment was never created
        Command.Result logs = cluster.kubectl("logs", "job/orders-migration", "-n", namespace);
        assertTrue(logs.succeeded() && logs.stdout().contains("relation \"customers\" does not exist"), logs.describe());
        assertEquals(List.of(LaravelApp.USERS, LaravelApp.PLAN), app.appliedMigrations());
        assertFalse(cluster.kubectl("get", "deployment", "orders", "-n", namespace).succeeded());
    }

    @Test
    @ExtendWith(LocalCluster.class)
    void deployEndsAMigrationPodTheKubeletRefusesAndSaysWhy(LocalCluster cluster, @TempDir Path tmp) throws Exception {
        LaravelApp app = LaravelApp.in(cluster, "goal-deploy-unstartable");
        String namespace = app.namespace();

        Command.Result deploy = deployFixture(cluster, app, tmp, "5m", "unstartable-migration.yaml");

        assertFalse(deploy.succeeded(), deploy.describe());
        String output = deploy.stdout();
        String[] expected = {
            "[WARNING] The migration pod orders-migration-",
            "The migration pod orders-migration-",
            "could not start: CreateContainerConfigError: container has runAsNonRoot and image has non-numeric user"
                    + " (www-data), cannot verify user is non-root",
            "migration:deploy ended the Job orders-migration after ",
            "instead of waiting for its deadline (activeDeadlineSeconds 270)",
            "<migration><runAsUser>",
            "Helm stopped before the Deployment",
        };
        Reports.assertReportedWithoutStackTrace(output, "a migration pod that cannot start", expected);
        // The Job was ended by lowering its deadline, not by Helm's timeout; nothing migrated.
        Map<String, Object> job = cluster.getJson("job", "orders-migration", "-n", namespace);
        assertEquals(1, at(job, "spec", "activeDeadlineSeconds"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> conditions = (List<Map<String, Object>>) at(job, "status", "conditions");
        assertTrue(conditions.stream().anyMatch(c -> "Failed".equals(c.get("type")) && "DeadlineExceeded".equals(c.get("reason"))),
                conditions.toString());
        assertFalse(app.tableExists("migrations"), "no migration ran");
        assertFalse(cluster.kubectl("get", "deployment", "orders", "-n", namespace).succeeded());
    }

    /**
     * migration:deploy of a copy of the deploy fixture into the app's namespace, with a values file
     * of the fixture. No kubeconfig setting: Helm and the log reader both find the cluster
     * through $KUBECONFIG.
     */
    private static Command.Result deployFixture(LocalCluster cluster, LaravelApp app, Path tmp, String timeout, String values) {
        return FixtureBuilds.maven(FixtureBuilds.copyFixture("deploy", tmp), cluster.environment(), "migration:deploy",
                "-Dmigration.deploy.namespace=" + app.namespace(), "-Dmigration.deploy.timeout=" + timeout,
                "-Dmigration.deploy.values=" + values);
    }

    // ---- migration:help ---------------------------------------------------------------------

    @Test
    void helpDescribesEveryGoalAndItsSettings(@TempDir Path tmp) {
        Path project = FixtureBuilds.copyFixture("deploy-invalid", tmp);

        Command.Result goals = FixtureBuilds.maven(project, Map.of(), "migration:help");
        Command.Result deploy = FixtureBuilds.maven(project, Map.of(), "migration:help", "-Ddetail", "-Dgoal=deploy");

        assertTrue(goals.succeeded(), goals.describe());
        for (String goal : List.of("check", "deploy", "generate", "help", "package", "render")) {
            assertTrue(goals.stdout().contains("migration:" + goal + "\n"), goal + " in\n" + goals.stdout());
        }
        assertTrue(goals.stdout().contains("Fails the build when a committed chart is stale."), goals.stdout());
        assertTrue(deploy.succeeded(), deploy.describe());
        for (String property : List.of("migration.deploy.namespace", "migration.deploy.values", "migration.deploy.set",
                "migration.deploy.wait", "migration.deploy.timeout", "migration.deploy.kubeconfig")) {
            assertTrue(deploy.stdout().contains("User property: " + property), property + " in\n" + deploy.stdout());
        }
    }

    // ---- helpers ------------------------------------------------------------------------------

    private static String buildLog(String fixture) {
        return Charts.read(Charts.fixture(fixture).resolve("build.log"));
    }

    private static String kubeconfig(LocalCluster cluster) {
        return Objects.requireNonNull(cluster.environment().get("KUBECONFIG"), "KUBECONFIG");
    }


    private static Map<String, String> timeZone(String zone, String moreOptions) {
        return Map.of("TZ", zone, "MAVEN_OPTS", ("-Duser.timezone=" + zone + " " + moreOptions).strip());
    }


}
