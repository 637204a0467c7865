package io.github.migrationchart.core.render;

import io.github.migrationchart.core.model.AppSpec;
import io.github.migrationchart.core.model.ChartMetadata;
import io.github.migrationchart.core.model.ChartSpec;
import io.github.migrationchart.core.model.MigrationPreset;
import io.github.migrationchart.core.model.MigrationSpec;
import io.github.migrationchart.core.model.ResourceSpec;
import io.github.migrationchart.core.model.RunAsUser;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class ChartFingerprintTest {

    private static ChartSpec spec(UnaryOperator<AppSpec.Builder> app, UnaryOperator<MigrationSpec.Builder> migration) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("B", "2");
        env.put("A", "$(B)");
        return new ChartSpec(new ChartMetadata("api", "1.4.0", "1.4.0", "The API"),
                app.apply(AppSpec.builder("registry.example.com/team/api").imageTag("1.4.0").env(env)
                        .config(Map.of("APP_ENV", "production", "LOG", "info"))).build(),
                migration.apply(MigrationSpec.builder().preset(MigrationPreset.LARAVEL).env(env)
                        .podAnnotations(Map.of("x", "1", "y", "2"))).build());
    }

    /** The same entries in the other order: env order matters, $(B) must come after B. */
    private static Map<String, String> reversedEnv() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("A", "$(B)");
        env.put("B", "2");
        return env;
    }

    private static ChartSpec base() {
        return spec(a -> a, m -> m);
    }

    @Test
    void equalSpecsHaveEqualFingerprintsWhateverTheirMapsInsertionOrder() {
        ChartSpec reordered = spec(a -> a.config(Map.of("LOG", "info", "APP_ENV", "production")),
                m -> m.podAnnotations(Map.of("y", "2", "x", "1")));
        assertEquals(ChartFingerprint.of(base()), ChartFingerprint.of(base()));
        assertEquals(ChartFingerprint.of(base()), ChartFingerprint.of(reordered));
    }

    @Test
    void everyKindOfSettingChangesTheFingerprint() {
        String base = ChartFingerprint.of(base());
        List<ChartSpec> changed = List.of(
                new ChartSpec(new ChartMetadata("api", "1.4.1", "1.4.0", "The API"), base().app(), base().migration()),
                spec(a -> a.imageTag("1.5.0"), m -> m),
                spec(a -> a.replicas(3), m -> m),
                spec(a -> a.readOnlyRootFilesystem(true), m -> m),
                spec(a -> a.config(Map.of("APP_ENV", "staging", "LOG", "info")), m -> m),
                spec(a -> a.env(reversedEnv()), m -> m),
                spec(a -> a.secretRefs(List.of("db")), m -> m),
                spec(a -> a.resources(new ResourceSpec(Map.of("cpu", "1"), Map.of())), m -> m),
                spec(a -> a.runAsUser(RunAsUser.of(1000, 1000)), m -> m),
                spec(a -> a, m -> m.args(List.of("php", "artisan", "migrate"))),
                spec(a -> a, m -> m.backoffLimit(2)),
                spec(a -> a, m -> m.preset(MigrationPreset.FLYWAY)),
                spec(a -> a, m -> m.enabled(false)),
                new ChartSpec(base().chart(), base().app(), base().migration(), false));
        for (ChartSpec spec : changed) {
            assertNotEquals(base, ChartFingerprint.of(spec), spec.toString());
        }
    }

    @Test
    void oneArgumentWithACommaIsNotTwoArguments() {
        assertNotEquals(ChartFingerprint.of(spec(a -> a, m -> m.args(List.of("migrate, --force")))),
                ChartFingerprint.of(spec(a -> a, m -> m.args(List.of("migrate", "--force")))));
    }

    @Test
    void aChangedTemplateChangesTheFingerprint() {
        ClassLoader normal = ChartFingerprintTest.class.getClassLoader();
        String deployment = ChartFile.ALL.stream().filter(f -> f.path().equals("templates/deployment.yaml"))
                .findFirst().orElseThrow().templateResource();
        ClassLoader edited = new ClassLoader(normal) {
            @Override
            public InputStream getResourceAsStream(String name) {
                return name.equals(deployment)
                        ? new ByteArrayInputStream("# edited\n".getBytes(StandardCharsets.UTF_8))
                        : super.getResourceAsStream(name);
            }
        };
        assertEquals(ChartFingerprint.of(base()), ChartFingerprint.of(base(), normal));
        assertNotEquals(ChartFingerprint.of(base(), normal), ChartFingerprint.of(base(), edited));
    }
}
