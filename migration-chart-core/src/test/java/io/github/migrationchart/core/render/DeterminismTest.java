package io.github.migrationchart.core.render;

import io.github.migrationchart.core.ExampleSpecs;
import io.github.migrationchart.core.model.ChartSpec;
import io.github.migrationchart.core.model.MigrationSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeterminismTest {

    @Test
    void twoRendersWrittenToDifferentDirectoriesAreByteIdentical(@TempDir Path tmp) throws IOException {
        Path first = ChartWriter.write(new ChartRenderer().render(ExampleSpecs.laravelApi()), tmp.resolve("a/api"));
        Path second = ChartWriter.write(new ChartRenderer().render(ExampleSpecs.laravelApi()), tmp.resolve("b/api"));
        List<Path> files = list(first);
        assertEquals(files, list(second));
        for (Path file : files) {
            assertArrayEquals(Files.readAllBytes(first.resolve(file)), Files.readAllBytes(second.resolve(file)), file.toString());
        }
    }

    @Test
    void outputHoldsNoAbsolutePathOrCarriageReturn() {
        RenderedChart chart = new ChartRenderer().render(ExampleSpecs.laravelApi());
        String home = System.getProperty("user.home");
        String cwd = Path.of("").toAbsolutePath().toString();
        chart.files().forEach((path, content) -> {
            assertFalse(content.contains("\r"), path + " has a carriage return");
            assertFalse(content.contains(cwd), path + " mentions the working directory");
            assertFalse(content.contains(home), path + " mentions the home directory");
            assertTrue(content.endsWith("\n"), path + " does not end with a newline");
        });
    }

    @Test
    void envKeepsTheCallersOrderWhichDollarReferencesRelyOn() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("Z_FIRST", "1");
        env.put("A_SECOND", "$(Z_FIRST)/2");
        ChartSpec base = ExampleSpecs.minimal();
        ChartSpec spec = new ChartSpec(base.chart(), base.app(),
                MigrationSpec.builder().args(List.of("migrate")).env(env).build());
        String values = new ChartRenderer().render(spec).file("values.yaml");
        assertTrue(values.indexOf("Z_FIRST") < values.indexOf("A_SECOND"), values);
    }

    private static List<Path> list(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.filter(Files::isRegularFile).map(root::relativize).sorted().toList();
        }
    }
}
