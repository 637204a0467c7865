package io.github.migrationchart.bench;

import io.github.migrationchart.core.model.ChartSpec;
import io.github.migrationchart.core.render.ChartRenderer;
import io.github.migrationchart.core.render.RenderedChart;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The first chart in a fresh JVM: class loading of the core and Jinjava, template parsing and
 * interpreted execution included. This is what one {@code mvn migration:generate} pays for
 * rendering (the Maven JVM lives for one build), so it bounds what the renderer adds to the
 * command-line overhead. Single shot, one fresh JVM per fork.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
@Fork(value = 5)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
public class ColdRenderBenchmark {

    @Benchmark
    public RenderedChart firstChartInFreshJvm() {
        ChartSpec spec = RenderBenchmark.laravelApi(Map.of(), Map.of("ENV_VARIABLE", "false"));
        return new ChartRenderer().render(spec);
    }
}
