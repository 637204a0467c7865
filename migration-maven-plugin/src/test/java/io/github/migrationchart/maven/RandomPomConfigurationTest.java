package io.github.migrationchart.maven;

import io.github.migrationchart.core.model.ChartMetadata;
import io.github.migrationchart.core.model.AppSpec;
import io.github.migrationchart.core.model.ChartSpec;
import io.github.migrationchart.core.model.MigrationSpec;
import io.github.migrationchart.core.validation.ChartSpecValidator;
import io.github.migrationchart.core.validation.Problem;
import org.codehaus.plexus.configuration.xml.XmlPlexusConfiguration;
import org.codehaus.plexus.util.xml.Xpp3Dom;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Thousands of random and hostile {@code <migration>} configurations (seeded): the POM mapping
 * never throws, and every message it or the validator produces names a POM setting in one line.
 */
class RandomPomConfigurationTest {
    private static final int CASES = Integer.getInteger("property.cases", 3000);
    private static final long SEED = Long.getLong("property.seed", 20261125L);
    private static final Pattern NAMES_A_SETTING = Pattern.compile("^<[A-Za-z]+>.*");
    private static final List<String> KEYS = new ArrayList<>(MigrationSettings.KEYS);
    private static final String[] VALUES = {
            "", "x", "1", "-1", "99999999999", "true", "false", "yes", "on", "~", "{{ .Values.x }}", "${missing",
            "$(VAR)", "a\nb", "registry.example.com/team/app", "Bad_Name", "before-hook-creation", "hook-failed",
            "gitops", "helm-hooks", "flyway", "flywya", "100m", "lots", "😀", "\"'#: ",
    };

    private final Random random = new Random(SEED);

    private Xpp3Dom randomElement(String name, int depth) {
        Xpp3Dom element = new Xpp3Dom(name);
        int shape = random.nextInt(depth > 1 ? 2 : 3);
        if (shape < 2) {
            element.setValue(VALUES[random.nextInt(VALUES.length)]);
        } else {
            int children = random.nextInt(4);
            for (int i = 0; i < children; i++) {
                String childName = random.nextInt(4) == 0 ? KEYS.get(random.nextInt(KEYS.size())) : "item" + random.nextInt(3);
                element.addChild(randomElement(childName, depth + 1));
            }
        }
        return element;
    }

    @Test
    void randomConfigurationsGiveASpecOrMessagesNamingSettings() {
        int valid = 0;
        int rejected = 0;
        for (int i = 0; i < CASES; i++) {
            Xpp3Dom migration = new Xpp3Dom("migration");
            int keys = random.nextInt(6);
            for (int k = 0; k < keys; k++) {
                String key = random.nextInt(10) == 0 ? "unknown" + k : KEYS.get(random.nextInt(KEYS.size()));
                migration.addChild(randomElement(key, 0));
            }
            ConfigReader reader = new ConfigReader(raw -> {
                if (raw.startsWith("${") && !raw.endsWith("}")) {
                    throw new IllegalArgumentException("cannot evaluate the expression: unclosed");
                }
                return raw;
            });
            MigrationSpec spec;
            try {
                spec = MigrationSettings.read(new XmlPlexusConfiguration(migration), reader);
            } catch (RuntimeException e) {
                fail("case " + i + " (seed " + SEED + ") threw " + e + " for " + migration, e);
                return;
            }
            List<String> messages = new ArrayList<>(reader.errors());
            List<Problem> problems = ChartSpecValidator.validate(new ChartSpec(
                    new ChartMetadata("api", "1.0.0", "1.0.0", ""), AppSpec.builder("registry.example.com/team/api").build(), spec));
            problems.stream().map(SettingNames::describe).forEach(messages::add);
            for (String message : messages) {
                assertTrue(NAMES_A_SETTING.matcher(message).matches(), "case " + i + ": " + message);
                assertFalse(message.contains("\n"), "case " + i + ": one line: " + message);
                assertFalse(message.contains("migration."), "case " + i + ": POM names, not model paths: " + message);
            }
            if (messages.isEmpty()) {
                valid++;
            } else {
                rejected++;
            }
        }
        System.out.printf("RandomPomConfigurationTest: %d cases (seed %d): %d valid, %d rejected with named settings%n",
                CASES, SEED, valid, rejected);
        assertTrue(valid > 0 && rejected > 0, valid + " valid, " + rejected + " rejected");
    }
}
