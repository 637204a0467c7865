package io.github.migrationchart.core;

import io.github.migrationchart.core.model.AppSpec;
import io.github.migrationchart.core.model.ChartMetadata;
import io.github.migrationchart.core.model.ChartSpec;
import io.github.migrationchart.core.model.MigrationSpec;
import io.github.migrationchart.core.model.RunAsUser;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Chart specs shared by the core tests. */
public final class ExampleSpecs {
    private ExampleSpecs() {}

    /** The Laravel API of examples/laravel-api, as the Maven plugin maps its POM. */
    public static ChartSpec laravelApi() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("APP_ENV", "production");
        config.put("DB_CONNECTION", "pgsql");
        config.put("LOG_CHANNEL", "stderr");
        return new ChartSpec(
                new ChartMetadata("api", "1.4.0", "1.4.0", "Laravel API whose schema migration (php artisan migrate) runs as a Job before each rollout."),
                AppSpec.builder("registry.example.com/trackxy/api")
                        .imageTag("1.4.0")
                        .containerPort(8080)
                        .replicas(2)
                        .config(config)
                        .secretRefs(List.of("laravel-secrets"))
                        .runAsUser(RunAsUser.of(33, 33))
                        .build(),
                MigrationSpec.builder()
                        .args(List.of("php", "artisan", "migrate", "--force"))
                        .env(Map.of("ENV_VARIABLE", "false"))
                        .secretRefs(List.of("laravel-secrets"))
                        .build());
    }

    /** The smallest valid spec: an image and a migration command. */
    public static ChartSpec minimal() {
        return new ChartSpec(
                new ChartMetadata("demo", "0.1.0", "0.1.0", "demo"),
                AppSpec.builder("example.org/demo").build(),
                MigrationSpec.builder().args(List.of("migrate")).build());
    }

    /**
     * The application {@code registry.example.com/team/api} running as {@code app}, and its migration
     * Job as {@code migration} describes it, running {@code migrate} unless it says otherwise.
     */
    public static ChartSpec withUsers(RunAsUser app, MigrationSpec.Builder migration) {
        return new ChartSpec(new ChartMetadata("api", "1.0.0", "1.0.0", ""),
                AppSpec.builder("registry.example.com/team/api").runAsUser(app).build(),
                migration.args(List.of("migrate")).build());
    }
}
