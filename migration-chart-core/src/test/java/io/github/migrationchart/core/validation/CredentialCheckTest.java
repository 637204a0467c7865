package io.github.migrationchart.core.validation;

import io.github.migrationchart.core.ExampleSpecs;
import io.github.migrationchart.core.model.AppSpec;
import io.github.migrationchart.core.model.ChartSpec;
import io.github.migrationchart.core.model.MigrationSpec;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CredentialCheckTest {

    @Test
    void flagsCredentialNamesAndUrlsWithPasswordsButNotReferencesOrEmptyValues() {
        Map<String, String> appEnv = new LinkedHashMap<>();
        appEnv.put("DB_PASSWORD", "hunter2");
        appEnv.put("STRIPE_API_KEY", "sk_live_x");
        appEnv.put("DATABASE_URL", "postgres://app:s3cret@db:5432/app");
        appEnv.put("PUBLIC_URL", "https://example.com/app");
        appEnv.put("EMPTY_TOKEN", "");
        appEnv.put("LOG_LEVEL", "info");
        ChartSpec base = ExampleSpecs.minimal();
        ChartSpec spec = new ChartSpec(base.chart(),
                AppSpec.builder("example.org/demo").env(appEnv).config(Map.of("JWT_SECRET", "abc")).build(),
                MigrationSpec.builder().args(List.of("migrate")).env(Map.of("FLYWAY_PASSWORD", "pw")).build());

        List<Problem> found = CredentialCheck.suspiciousEntries(spec);

        assertEquals(List.of("app.env DB_PASSWORD", "app.env STRIPE_API_KEY", "app.env DATABASE_URL",
                        "app.config JWT_SECRET", "migration.env FLYWAY_PASSWORD"),
                found.stream().map(p -> p.path() + " " + p.value()).toList());
        assertTrue(found.get(0).message().contains("reference that with app.secretRefs"), found.get(0).message());
        assertTrue(found.get(4).message().contains("migration.secretRefs"), found.get(4).message());
    }

    @Test
    void examplesHaveNoCredentials() {
        assertEquals(List.of(), CredentialCheck.suspiciousEntries(ExampleSpecs.laravelApi()));
    }
}
