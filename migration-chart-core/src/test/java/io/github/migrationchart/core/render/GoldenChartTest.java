package io.github.migrationchart.core.render;

import io.github.migrationchart.core.ExampleSpecs;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Compares the rendered example chart with the reviewed copy in
 * {@code src/test/resources/expected/laravel-api}. Regenerating it is a deliberate act:
 * {@code ./mvnw -pl migration-chart-core test -Dtest=GoldenChartTest -Dgolden.update=true},
 * then review the diff.
 */
class GoldenChartTest {
    private static final Path EXPECTED = Path.of("src/test/resources/expected/laravel-api");

    @Test
    void laravelExampleMatchesTheReviewedChart() throws IOException {
        RenderedChart chart = new ChartRenderer().render(ExampleSpecs.laravelApi());
        if (Boolean.getBoolean("golden.update")) {
            ChartWriter.write(chart, EXPECTED);
        }
        List<String> expectedFiles;
        try (Stream<Path> files = Files.walk(EXPECTED)) {
            expectedFiles = files.filter(Files::isRegularFile)
                    .map(path -> EXPECTED.relativize(path).toString().replace('\\', '/'))
                    .sorted()
                    .toList();
        }
        assertEquals(expectedFiles, List.copyOf(chart.files().keySet()), "files of the chart");
        for (Map.Entry<String, String> file : chart.files().entrySet()) {
            String expected = Files.readString(EXPECTED.resolve(file.getKey()), StandardCharsets.UTF_8);
            assertEquals(expected, file.getValue(), file.getKey() + " differs from the reviewed copy");
        }
    }
}
