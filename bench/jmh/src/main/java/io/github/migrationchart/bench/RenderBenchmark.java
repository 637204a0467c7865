package io.github.migrationchart.bench;

import io.github.migrationchart.core.model.AppSpec;
import io.github.migrationchart.core.model.ChartMetadata;
import io.github.migrationchart.core.model.ChartSpec;
import io.github.migrationchart.core.model.MigrationSpec;
import io.github.migrationchart.core.render.ChartRenderer;
import io.github.migrationchart.core.render.RenderedChart;
import io.github.migrationchart.core.validation.ChartSpecValidator;
import io.github.migrationchart.core.validation.Problem;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Warm rendering cost of migration-chart-core, in microseconds per chart:
 * <ul>
 *   <li>{@code example}: the chart of examples/laravel-api (the spec of ExampleSpecs.laravelApi()) with a
 *       renderer built once, as a long-lived caller would use it;</li>
 *   <li>{@code manyEnv}: the same chart with 500 application env entries and 500 migration env entries;</li>
 *   <li>{@code newRendererPerChart}: a new {@link ChartRenderer} per chart, which is what
 *       GenerateMojo does on every execution (Jinjava set-up and template loading included);</li>
 *   <li>{@code manyEnvValidateOnly}: the validation part of {@code manyEnv} (render() validates first).</li>
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Warmup(iterations = 6, time = 1)
@Measurement(iterations = 5, time = 1)
public class RenderBenchmark {

    static final int MANY = 500;

    ChartRenderer renderer;
    ChartSpec example;
    ChartSpec manyEnv;

    @Setup
    public void setUp() {
        renderer = new ChartRenderer();
        example = laravelApi(Map.of(), Map.of("ENV_VARIABLE", "false"));
        Map<String, String> appEnv = new LinkedHashMap<>();
        Map<String, String> migrationEnv = new LinkedHashMap<>();
        for (int i = 0; i < MANY; i++) {
            appEnv.put(String.format("APP_SETTING_%03d", i), "value " + i);
            migrationEnv.put(String.format("MIGRATION_SETTING_%03d", i), "value " + i);
        }
        manyEnv = laravelApi(appEnv, migrationEnv);
        // fail here, not in the measurement, if a spec is invalid
        renderer.render(example);
        renderer.render(manyEnv);
    }

    /** The Laravel API of examples/laravel-api (as ExampleSpecs.laravelApi()), with the given env. */
    static ChartSpec laravelApi(Map<String, String> appEnv, Map<String, String> migrationEnv) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("APP_ENV", "production");
        config.put("DB_CONNECTION", "pgsql");
        config.put("LOG_CHANNEL", "stderr");
        return new ChartSpec(
                new ChartMetadata("api", "1.4.0", "1.4.0",
                        "Laravel API whose schema migration (php artisan migrate) runs as a Job before each rollout."),
                AppSpec.builder("registry.example.com/trackxy/api")
                        .imageTag("1.4.0")
                        .containerPort(8080)
                        .replicas(2)
                        .env(appEnv)
                        .config(config)
                        .secretRefs(List.of("laravel-secrets"))
                        .build(),
                MigrationSpec.builder()
                        .args(List.of("php", "artisan", "migrate", "--force"))
                        .env(migrationEnv)
                        .secretRefs(List.of("laravel-secrets"))
                        .build());
    }

    @Benchmark
    public RenderedChart example() {
        return renderer.render(example);
    }

    @Benchmark
    public RenderedChart manyEnv() {
        return renderer.render(manyEnv);
    }

    @Benchmark
    public RenderedChart newRendererPerChart() {
        return new ChartRenderer().render(example);
    }

    @Benchmark
    public List<Problem> manyEnvValidateOnly() {
        return ChartSpecValidator.validate(manyEnv);
    }
}
