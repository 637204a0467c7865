package io.github.migrationchart.core.render;

import io.github.migrationchart.core.ExampleSpecs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChartWriterTest {
    private final RenderedChart chart = new ChartRenderer().render(ExampleSpecs.laravelApi());

    private static List<String> listing(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).map(p -> root.relativize(p).toString()).sorted().toList();
        }
    }

    @Test
    void writesExactlyTheChartsFiles(@TempDir Path out) throws IOException {
        Path written = ChartWriter.write(chart, out.resolve("api"));

        assertEquals(List.copyOf(chart.files().keySet()), listing(written));
        assertEquals(chart.file("values.yaml"), Files.readString(written.resolve("values.yaml")));
        assertEquals(List.of("api"), Files.list(out).map(p -> p.getFileName().toString()).toList(), "no staging left behind");
    }

    @Test
    void replacesThePreviousChartInsteadOfMergingIntoIt(@TempDir Path out) throws IOException {
        Path target = out.resolve("api");
        Files.createDirectories(target.resolve("templates"));
        Files.writeString(target.resolve("templates/stale.yaml"), "kind: Stale");

        ChartWriter.write(chart, target);

        assertFalse(Files.exists(target.resolve("templates/stale.yaml")), "files of an older chart are removed");
        assertEquals(List.copyOf(chart.files().keySet()), listing(target));
    }

    @Test
    void aFailedWriteLeavesThePreviousChartUntouched(@TempDir Path out) throws IOException {
        Path target = out.resolve("api");
        ChartWriter.write(chart, target);
        TreeMap<String, String> impossible = new TreeMap<>();
        impossible.put("a.yaml", "a: 1");
        impossible.put("a.yaml/b.yaml", "b: 2"); // a.yaml cannot be a file and a directory

        assertThrows(IOException.class, () -> ChartWriter.write(new RenderedChart("api", impossible), target));

        assertEquals(List.copyOf(chart.files().keySet()), listing(target));
        assertEquals(List.of("api"), Files.list(out).map(p -> p.getFileName().toString()).toList(), "no staging left behind");
    }

    @Test
    void refusesToReplaceAFile(@TempDir Path out) throws IOException {
        Path file = Files.writeString(out.resolve("api"), "not a chart");

        IOException thrown = assertThrows(IOException.class, () -> ChartWriter.write(chart, file));
        assertTrue(thrown.getMessage().contains("is not a directory"), thrown.getMessage());
        assertEquals("not a chart", Files.readString(file));
    }
}
