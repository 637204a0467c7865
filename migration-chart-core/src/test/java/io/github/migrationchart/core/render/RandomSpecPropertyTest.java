package io.github.migrationchart.core.render;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.github.migrationchart.core.model.AppSpec;
import io.github.migrationchart.core.model.ChartMetadata;
import io.github.migrationchart.core.model.ChartSpec;
import io.github.migrationchart.core.model.ImageSpec;
import io.github.migrationchart.core.model.MigrationPreset;
import io.github.migrationchart.core.model.MigrationSpec;
import io.github.migrationchart.core.model.RunAsUser;
import io.github.migrationchart.core.validation.InvalidChartSpecException;
import io.github.migrationchart.core.validation.Problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Random;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Thousands of random and hostile specs (seeded, so a failure reproduces): each one either renders
 * a chart whose values.yaml gives back every string byte for byte, or fails with problems that
 * each name a setting. Nothing else, ever: no other exception. A sample is linted by Helm.
 * {@code -Dproperty.cases=N} and {@code -Dproperty.seed=S} change the run.
 */
class RandomSpecPropertyTest {
    private static final int CASES = Integer.getInteger("property.cases", 3000);
    private static final long SEED = Long.getLong("property.seed", 20261125L);
    private static final int LINTED = 60;
    private static final Pattern KNOWN_PATH = Pattern.compile("(chart|app|migration)\\.[A-Za-z]+(\\.[A-Za-z0-9./-]+)*");

    private static final String[] HOSTILE = {
            "on", "no", "yes", "off", "true", "null", "~", "0123", "1e3", "0x1F", ".inf", "\"", "'", ": ", "#",
            "- x", "? k", "{{ .Values.x }}", "{{- fail \"x\" }}", "{% raw %}", "<< x >>", "<% x %>", "$(VAR)", "${project.version}",
            "\n", "\r\n", "\t", "\\", "é", "✓", "😀", "\u0085", "\u2028", "\u0000", "\u0007", "---", "...", "&a", "*a", "!t",
            "|", ">", "%", "@", "`", ",", "[", "]", "{", "}", " ", "",
    };
    private static final String[] NAMES = {"api", "db", "a", "x-y", "shop-1", "Bad_Name", "-x", "x-", "a.b", "UPPER", ""};

    private final Random random = new Random(SEED);
    /** Half of the cases keep names and numbers valid and put hostile text only where text is free. */
    private boolean sane;

    /** Something invalid, rarely in a sane case, often otherwise. */
    private boolean breaks(int oneIn) {
        return !sane && random.nextInt(oneIn) == 0;
    }

    private String hostile() {
        StringBuilder out = new StringBuilder();
        int parts = random.nextInt(4);
        for (int i = 0; i < parts; i++) {
            switch (random.nextInt(3)) {
                case 0 -> out.append(HOSTILE[random.nextInt(HOSTILE.length)]);
                case 1 -> out.append((char) (0x20 + random.nextInt(0x5f)));
                default -> out.appendCodePoint(random.nextInt(0x2FFF) + 1);
            }
        }
        return out.toString();
    }

    private String name() {
        if (sane) {
            return NAMES[random.nextInt(5)] + "-" + random.nextInt(100);
        }
        return random.nextInt(10) == 0 ? hostile() : NAMES[random.nextInt(NAMES.length)]
                + (random.nextInt(20) == 0 ? "-" + "x".repeat(random.nextInt(70)) : "");
    }

    private String envName() {
        return breaks(8) ? hostile() : "VAR_" + random.nextInt(50);
    }

    private Map<String, String> env(int max) {
        Map<String, String> env = new LinkedHashMap<>();
        int n = random.nextInt(max + 1);
        for (int i = 0; i < n; i++) {
            env.put(envName(), hostile());
        }
        return env;
    }

    private List<String> strings(int max) {
        List<String> values = new ArrayList<>();
        int n = random.nextInt(max + 1);
        for (int i = 0; i < n; i++) {
            values.add(hostile());
        }
        return values;
    }

    private List<String> names(int max) {
        List<String> values = new ArrayList<>();
        int n = random.nextInt(max + 1);
        for (int i = 0; i < n; i++) {
            values.add(name());
        }
        return values;
    }

    /** Hostile text without line breaks (Chart.yaml's appVersion and description are one line). */
    private String singleLine() {
        return hostile().replaceAll("[\\r\\n\\u0085\\u2028\\u2029]", " ");
    }

    private List<String> nonEmpty(List<String> args) {
        return args.isEmpty() ? List.of(hostile() + "migrate") : args;
    }

    /** Unknown, or ids around the edges: 0 (root, refused as a user), negative, the largest Kubernetes takes. */
    private RunAsUser runAsUser() {
        int[] ids = {1, 1000, 1001, 65532, RunAsUser.MAX_ID, 0, -1, Integer.MIN_VALUE};
        OptionalInt uid = random.nextInt(3) == 0 ? OptionalInt.empty() : OptionalInt.of(ids[random.nextInt(sane ? 5 : ids.length)]);
        OptionalInt gid = random.nextInt(3) == 0 ? OptionalInt.empty() : OptionalInt.of(ids[random.nextInt(sane ? 6 : ids.length)]);
        return new RunAsUser(uid, gid);
    }

    private ChartSpec randomSpec() {
        sane = random.nextBoolean();
        MigrationPreset[] presets = MigrationPreset.values();
        return new ChartSpec(
                new ChartMetadata(name(), breaks(6) ? hostile() : "1." + random.nextInt(5) + ".0",
                        breaks(4) ? hostile() : singleLine(), breaks(3) ? hostile() : singleLine()),
                AppSpec.builder(breaks(8) ? hostile() : "registry.example.com/team/" + name())
                        .imageTag(breaks(6) ? hostile() : "1.0")
                        .containerPort(breaks(10) ? random.nextInt(100000) - 10 : 8080)
                        .replicas(random.nextInt(12) - (sane ? 0 : 1))
                        .env(env(3))
                        .config(env(3))
                        .secretRefs(names(2))
                        .livenessPath(breaks(4) ? hostile() : "")
                        .runAsUser(runAsUser())
                        .build(),
                MigrationSpec.builder()
                        .enabled(sane || random.nextInt(6) != 0)
                        .preset(presets[random.nextInt(presets.length)])
                        .image(new ImageSpec(random.nextInt(5) == 0 ? "registry.example.com/m/" + name() : "", "", ""))
                        .args(sane ? nonEmpty(strings(4)) : strings(4))
                        .env(env(3))
                        .configMapRefs(names(2))
                        .secretRefs(names(2))
                        .backoffLimit(random.nextInt(5) - (sane ? 0 : 1))
                        .hookWeight(random.nextInt(41) - 20)
                        .runAsUser(runAsUser())
                        .build(),
                random.nextBoolean());
    }

    @Test
    void everySpecRendersAndRoundTripsOrFailsNamingTheSettings(@TempDir Path out) throws IOException {
        ChartRenderer renderer = new ChartRenderer();
        int rendered = 0;
        int rejected = 0;
        int linted = 0;
        for (int i = 0; i < CASES; i++) {
            ChartSpec spec = randomSpec();
            RenderedChart chart;
            try {
                chart = renderer.render(spec);
            } catch (InvalidChartSpecException e) {
                rejected++;
                assertFalse(e.problems().isEmpty());
                for (Problem problem : e.problems()) {
                    assertTrue(KNOWN_PATH.matcher(problem.path()).matches(), "case " + i + ": path " + problem.path());
                    assertFalse(problem.message().isBlank());
                    assertFalse(problem.toString().contains("\n"), "one line per problem: " + problem);
                }
                continue;
            } catch (RuntimeException e) {
                fail("case " + i + " (seed " + SEED + ") threw " + e + " for " + spec, e);
                return;
            }
            rendered++;
            assertRoundTrips(spec, chart, i);
            if (linted < LINTED) {
                linted++;
                Path directory = ChartWriter.write(chart, out.resolve("case-" + i).resolve(chart.name()));
                LintResult lint = new Helm(directory).lint().strict().call();
                assertFalse(lint.isFailed(), "case " + i + ": " + lint.getMessages() + " for " + spec);
            }
        }
        System.out.printf("RandomSpecPropertyTest: %d cases (seed %d): %d rendered and round-tripped, %d rejected"
                + " with named settings, %d linted by Helm%n", CASES, SEED, rendered, rejected, linted);
        assertTrue(rendered > CASES / 10, "the generator should produce valid specs too: " + rendered);
        assertTrue(rejected > CASES / 10, "and invalid ones: " + rejected);
    }

    @SuppressWarnings("unchecked")
    private static void assertRoundTrips(ChartSpec spec, RenderedChart chart, int i) {
        Map<String, Object> values = new Yaml(new LoaderOptions()).load(chart.file("values.yaml"));
        Map<String, Object> migration = (Map<String, Object>) values.get("migration");
        String context = "case " + i;
        assertEquals(spec.migration().args(), migration.get("args"), context);
        assertEquals(spec.migration().command(), migration.get("command"), context);
        assertEquals(envVars(spec.migration().env()), migration.get("env"), context);
        assertEquals(envVars(spec.app().env()), values.get("env"), context);
        if (!spec.app().config().isEmpty()) {
            assertEquals(spec.app().config(), values.get("config"), context);
        }
        assertIds(spec.app().runAsUser(), (Map<String, Object>) values.get("podSecurityContext"), context);
        assertIds(spec.migrationRunAsUser(), (Map<String, Object>) migration.get("podSecurityContext"), context);
        Map<String, Object> chartYaml = new Yaml(new LoaderOptions()).load(chart.file("Chart.yaml"));
        assertEquals(spec.chart().appVersion(), String.valueOf(chartYaml.get("appVersion")), context);
    }

    /** A known id is written as that integer, an unknown one not at all. */
    private static void assertIds(RunAsUser expected, Map<String, Object> podSecurityContext, String context) {
        assertEquals(expected.uid().isPresent() ? expected.uid().getAsInt() : null, podSecurityContext.get("runAsUser"), context);
        assertEquals(expected.gid().isPresent() ? expected.gid().getAsInt() : null, podSecurityContext.get("runAsGroup"), context);
        assertEquals(true, podSecurityContext.get("runAsNonRoot"), context);
    }

    private static List<Map<String, String>> envVars(Map<String, String> env) {
        List<Map<String, String>> vars = new ArrayList<>();
        env.forEach((name, value) -> {
            Map<String, String> var = new LinkedHashMap<>();
            var.put("name", name);
            var.put("value", value);
            vars.add(var);
        });
        return vars;
    }
}
