package io.github.migrationchart.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.migrationchart.it.Charts.GeneratedChart;
import io.github.migrationchart.it.Tools.HelmCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The generated charts as third-party tools read them: helm-docs finds every described key of
 * values.yaml; with every optional part switched on (src/test/resources/all-features-values.yaml)
 * kube-score has nothing to say; checkov's CKV_K8S_43 ("Image should use digest") passes once a
 * digest is given, and fails without one, so the check is known to look.
 */
class ChartChecksIT {
    private static final Path ALL_FEATURES = Path.of("src/test/resources/all-features-values.yaml");

    static Stream<GeneratedChart> charts() {
        return Charts.all().stream();
    }

    /** The keys that values.yaml describes with a "# --" comment, as dotted paths. */
    static Set<String> describedKeys(Path valuesYaml) throws IOException {
        Set<String> described = new TreeSet<>();
        Deque<String[]> open = new ArrayDeque<>(); // {indent, key}
        boolean pendingDescription = false;
        for (String line : Files.readAllLines(valuesYaml)) {
            String stripped = line.strip();
            if (stripped.isEmpty()) {
                pendingDescription = false;
                continue;
            }
            if (stripped.startsWith("#")) {
                pendingDescription |= stripped.startsWith("# -- ");
                continue;
            }
            int indent = line.length() - line.stripLeading().length();
            if (stripped.startsWith("-") || !stripped.contains(":")) {
                pendingDescription = false;
                continue;
            }
            while (!open.isEmpty() && Integer.parseInt(open.peek()[0]) >= indent) {
                open.pop();
            }
            String key = stripped.substring(0, stripped.indexOf(':')).replace("\"", "");
            List<String> path = new ArrayList<>();
            open.descendingIterator().forEachRemaining(entry -> path.add(entry[1]));
            path.add(key);
            if (pendingDescription) {
                described.add(String.join(".", path));
            }
            open.push(new String[] {String.valueOf(indent), key});
            pendingDescription = false;
        }
        return described;
    }

    @ParameterizedTest(name = "helm-docs reads every description of {0}")
    @MethodSource("charts")
    void helmDocsListsEveryDescribedKey(GeneratedChart chart) throws IOException {
        Path copy = Files.createTempDirectory("helm-docs-");
        try {
            Path target = copy.resolve(chart.directory().getFileName());
            LocalCluster.require(Command.of("cp", "-r", chart.directory().toString(), target.toString()).run());
            Command.Result docs = Command.of(Tools.bin("helm-docs").toString(), "--chart-search-root", copy.toString(),
                    "--dry-run", "--log-level", "warning").run();
            assertTrue(docs.succeeded(), docs.describe());
            assertFalse(docs.stderr().contains("skipping"), "helm-docs parsed the chart:\n" + docs.stderr());

            Set<String> listed = new TreeSet<>();
            for (String row : docs.stdout().lines().filter(l -> l.startsWith("| ") && !l.startsWith("| Key ")).toList()) {
                String[] cells = row.split("\\|");
                String description = cells[cells.length - 1].strip();
                assertFalse(description.isEmpty(), "a description for " + row);
                listed.add(cells[1].strip());
            }
            Set<String> described = describedKeys(chart.directory().resolve("values.yaml"));
            assertEquals(described, listed, "helm-docs' table is the keys values.yaml describes");
            assertTrue(listed.containsAll(List.of("image.tag", "migration.mode", "migration.activeDeadlineSeconds")), listed.toString());
        } finally {
            Command.of("rm", "-rf", copy.toString()).run();
        }
    }

    private static String render(String... extra) throws IOException {
        List<String> arguments = new ArrayList<>(List.of("template", "demo", LaravelApp.chart().toString()));
        arguments.addAll(List.of(extra));
        Command.Result template = HelmCli.HELM4.command(arguments.toArray(String[]::new)).run();
        assertTrue(template.succeeded(), template.describe());
        return template.stdout();
    }

    @Test
    void kubeScoreHasNothingToSayAboutEveryFeatureSwitchedOn() throws IOException {
        String manifests = render("-f", ALL_FEATURES.toString());
        for (String kind : List.of("Ingress", "HTTPRoute", "HorizontalPodAutoscaler", "ServiceAccount", "NetworkPolicy",
                "PodDisruptionBudget", "Role")) {
            assertTrue(manifests.contains("\nkind: " + kind + "\n"), kind + " is rendered");
        }
        Path file = Files.createTempFile("all-features-", ".yaml");
        try {
            Files.writeString(file, manifests);
            Command.Result score = Command.of(Tools.bin("kube-score").toString(), "score", file.toString(),
                    "--exit-one-on-warning", "-o", "ci", "--ignore-test", String.join(",", KubeScoreIT.ignoredChecks())).run();
            assertTrue(score.succeeded(), score.describe());
            assertFalse(score.stdout().contains("[CRITICAL]") || score.stdout().contains("[WARNING]"), score.stdout());
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** checkov's CKV_K8S_43 result per workload: resource name to PASSED or FAILED. */
    private static List<String> imageDigestCheck(String manifests) throws IOException {
        Path file = Files.createTempFile("checkov-", ".yaml");
        try {
            Files.writeString(file, manifests);
            Command.Result checkov = Command.of(Tools.bin("checkov").toString(), "-f", file.toString(),
                    "--framework", "kubernetes", "--check", "CKV_K8S_43", "-o", "json").run();
            JsonNode report = new ObjectMapper().readTree(checkov.stdout());
            JsonNode results = (report.isArray() ? report.get(0) : report).path("results");
            List<String> outcomes = new ArrayList<>();
            for (String list : List.of("passed_checks", "failed_checks")) {
                results.path(list).forEach(check -> outcomes.add(check.path("resource").asText() + " "
                        + check.path("check_result").path("result").asText()));
            }
            assertEquals(outcomes.stream().anyMatch(o -> o.endsWith("FAILED")) ? 1 : 0, checkov.exitCode(), checkov.describe());
            return outcomes.stream().sorted().toList();
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void checkovFindsEveryImagePinnedOnceDigestsAreGiven() throws IOException {
        assertEquals(List.of("Deployment.default.demo-api PASSED", "Job.default.demo-api-migration PASSED",
                        "Job.default.demo-api-migration-cleanup PASSED"),
                imageDigestCheck(render("-f", ALL_FEATURES.toString())), "app, Job, wait init container, sidecar and cleanup by digest");
        assertEquals(List.of("Deployment.default.demo-api FAILED", "Job.default.demo-api-migration FAILED",
                        "Job.default.demo-api-migration-cleanup FAILED"),
                imageDigestCheck(render()), "the check looks: by tag, all fail");
    }
}
