package io.github.migrationchart.plugins.common;

import io.github.migrationchart.core.model.ChartSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Thousands of random and hostile configurations (seeded), of the chart's settings, of
 * {@code <migration>} and of every goal's own settings: reading them never throws, and every
 * message names a setting in one line, in POM terms.
 */
class RandomSettingsTest {
    private static final int CASES = Integer.getInteger("property.cases", 3000);
    private static final long SEED = Long.getLong("property.seed", 20261125L);
    private static final Pattern NAMES_A_SETTING = Pattern.compile("^<[A-Za-z]+>.*");
    private static final List<String> KEYS = MigrationSettings.keyNames();
    private static final String[] VALUES = {
            "", "x", "1", "-1", "0", "99999999999", "2147483648", "true", "false", "yes", "on", "~", "{{ .Values.x }}",
            "${missing", "$(VAR)", "a\nb", "registry.example.com/team/app", "Bad_Name", "before-hook-creation",
            "hook-failed", "gitops", "helm-hooks", "flyway", "flywya", "100m", "lots", "😀", "\"'#: ", "5m", "1h30m",
            "-5s", "oci://", "oci://registry.example.com/charts", "http://x", "values.yaml", "a=b", "=", "shop", "api",
            "a..b", "x".repeat(70),
    };

    private final Random random = new Random(SEED);

    @TempDir
    Path project;

    private String value() {
        return VALUES[random.nextInt(VALUES.length)];
    }

    private ConfigNode randomElement(String name, int depth) {
        int shape = random.nextInt(depth > 1 ? 2 : 3);
        if (shape < 2) {
            return ConfigNode.element(name, value(), List.of());
        }
        List<ConfigNode> children = new ArrayList<>();
        int count = random.nextInt(4);
        for (int i = 0; i < count; i++) {
            String childName = random.nextInt(4) == 0 ? KEYS.get(random.nextInt(KEYS.size())) : "item" + random.nextInt(3);
            children.add(randomElement(childName, depth + 1));
        }
        return ConfigNode.element(name, null, children);
    }

    private ConfigReader reader() {
        return new ConfigReader(raw -> {
            if (raw.startsWith("${") && !raw.endsWith("}")) {
                throw new IllegalArgumentException("cannot evaluate the expression: unclosed");
            }
            return raw;
        });
    }

    /** Random top-level settings: plain values for the properties' settings, random XML for the nested ones. */
    private Map<String, ConfigNode> randomChartSettings() {
        Map<String, ConfigNode> given = new LinkedHashMap<>();
        given.put("image", ConfigNode.evaluatedValue("image", "registry.example.com/team/api"));
        given.put("chartName", ConfigNode.evaluatedValue("chartName", "api"));
        given.put("chartVersion", ConfigNode.evaluatedValue("chartVersion", "1.0.0"));
        int settings = random.nextInt(4);
        for (int i = 0; i < settings; i++) {
            Setting setting = PluginSettings.CHART.get(random.nextInt(PluginSettings.CHART.size()));
            if (setting == PluginSettings.SKIP) {
                continue;
            }
            given.put(setting.name(), setting.property().isEmpty() || random.nextInt(5) == 0
                    ? randomElement(setting.name(), 0)
                    : ConfigNode.evaluatedValue(setting.name(), value()));
        }
        List<ConfigNode> migration = new ArrayList<>();
        if (random.nextBoolean()) {
            migration.add(ConfigNode.element("preset", "flyway", List.of()));
        }
        int keys = random.nextInt(6);
        for (int k = 0; k < keys; k++) {
            String key = random.nextInt(10) == 0 ? "unknown" + k : KEYS.get(random.nextInt(KEYS.size()));
            migration.add(randomElement(key, 0));
        }
        given.put("migration", ConfigNode.element("migration", null, migration));
        return given;
    }

    private List<File> files() {
        return random.nextInt(4) > 0 ? List.of() : List.of(new File(value()));
    }

    private List<String> strings() {
        return random.nextInt(4) > 0 ? List.of() : List.of(value(), value());
    }

    /** A good value (null: unset) three times in four, else a random one. */
    private String orGood(String good) {
        return random.nextInt(4) == 0 ? value() : good;
    }

    @Test
    void randomConfigurationsGiveASpecOrMessagesNamingSettings() {
        int valid = 0;
        int rejected = 0;
        for (int i = 0; i < CASES; i++) {
            int index = i;
            Map<String, ConfigNode> given = randomChartSettings();
            List<String> messages = new ArrayList<>();
            Validated<ChartSpec> chart = noThrow(index, given, () -> ChartSettings.read(given, reader()));
            messages.addAll(chart.errors());
            messages.addAll(noThrow(index, given, () -> goalErrors()));
            for (String message : messages) {
                assertTrue(NAMES_A_SETTING.matcher(message).matches(), "case " + i + ": " + message);
                assertFalse(message.contains("\n"), "case " + i + ": one line: " + message);
                assertFalse(message.contains("migration.") && !message.contains("(-Dmigration."),
                        "case " + i + ": POM names, not model paths: " + message);
            }
            if (messages.isEmpty()) {
                valid++;
            } else {
                rejected++;
            }
        }
        System.out.printf("RandomSettingsTest: %d cases (seed %d): %d valid, %d rejected with named settings%n",
                CASES, SEED, valid, rejected);
        assertTrue(valid > 0 && rejected > 0, valid + " valid, " + rejected + " rejected");
    }

    /** The goals' own settings, random too; every goal's problems, in one list. */
    private List<String> goalErrors() {
        List<String> errors = new ArrayList<>();
        switch (random.nextInt(5)) {
            case 0 -> errors.addAll(DeploySettings.read(new DeploySettings.Given(orGood("shop"), orGood(null), files(),
                    strings(), orGood("true"), orGood("5m"), orGood("0"), random.nextBoolean() ? null : new File(value())),
                    project).errors());
            case 1 -> errors.addAll(RenderSettings.read(new RenderSettings.Given(files(), strings(),
                    random.nextBoolean() ? null : new File(value()), orGood("api"), orGood(null)), project).errors());
            case 2 -> errors.addAll(PushTarget.read(orGood("oci://registry.example.com/charts")).errors());
            case 3 -> errors.addAll(CommittedChart.directory(random.nextBoolean() ? null : new File(value()), project, "api").errors());
            default -> {
                // the chart's settings alone
            }
        }
        return errors;
    }

    private static <T> T noThrow(int index, Map<String, ConfigNode> given, Supplier<T> read) {
        try {
            return read.get();
        } catch (RuntimeException e) {
            fail("case " + index + " (seed " + SEED + ") threw " + e + " for " + given, e);
            throw e;
        }
    }

    @Test
    void theDocumentedDeployExampleIsValid() {
        Validated<DeploySettings> settings = DeploySettings.read(new DeploySettings.Given("shop", "", List.of(), List.of(),
                "true", "5m", "5s", null), project);
        assertEquals(List.of(), settings.errors());
        assertEquals(300, settings.value().timeoutSeconds());
    }
}
