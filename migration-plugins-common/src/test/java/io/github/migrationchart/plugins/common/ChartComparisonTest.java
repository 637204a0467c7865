package io.github.migrationchart.plugins.common;

import io.github.migrationchart.plugins.common.ChartComparison.Change;
import io.github.migrationchart.plugins.common.ChartComparison.Difference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChartComparisonTest {

    private static void write(Path root, String path, String content) throws IOException {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    @Test
    void sameFilesAndBytesAreNoDifference(@TempDir Path tmp) throws IOException {
        for (String dir : List.of("committed", "generated")) {
            write(tmp.resolve(dir), "Chart.yaml", "name: api\n");
            write(tmp.resolve(dir), "templates/job.yaml", "kind: Job\n");
        }

        assertEquals(List.of(), ChartComparison.compare(tmp.resolve("committed"), tmp.resolve("generated")));
    }

    @Test
    void reportsChangedMissingAndNoLongerGeneratedFilesInPathOrder(@TempDir Path tmp) throws IOException {
        Path committed = tmp.resolve("committed");
        Path generated = tmp.resolve("generated");
        write(committed, "Chart.yaml", "version: 1.0.0\n");
        write(generated, "Chart.yaml", "version: 2.0.0\n");
        write(committed, "templates/old.yaml", "kind: CronJob\n");
        write(generated, "tests/job_test.yaml", "suite: job\n");

        List<Difference> differences = ChartComparison.compare(committed, generated);

        assertEquals(List.of("Chart.yaml", "templates/old.yaml", "tests/job_test.yaml"),
                differences.stream().map(Difference::path).toList());
        assertEquals(List.of(Change.CHANGED, Change.REMOVED, Change.ADDED),
                differences.stream().map(Difference::change).toList());
        assertEquals("--- a/Chart.yaml\n+++ b/Chart.yaml\n@@ -1 +1 @@\n-version: 1.0.0\n+version: 2.0.0\n",
                differences.get(0).diff());
        assertEquals("--- a/templates/old.yaml\n+++ /dev/null\n@@ -1 +0,0 @@\n-kind: CronJob\n", differences.get(1).diff());
        assertEquals("--- /dev/null\n+++ b/tests/job_test.yaml\n@@ -0,0 +1 @@\n+suite: job\n", differences.get(2).diff());
    }

    @Test
    void carriageReturnsAreNamedInsteadOfShowingEveryLineChanged(@TempDir Path tmp) throws IOException {
        write(tmp.resolve("committed"), "values.yaml", "a: 1\r\nb: 2\r\n");
        write(tmp.resolve("generated"), "values.yaml", "a: 1\nb: 2\n");

        List<Difference> differences = ChartComparison.compare(tmp.resolve("committed"), tmp.resolve("generated"));

        assertEquals(1, differences.size());
        assertTrue(differences.get(0).diff().contains("only the line endings differ"), differences.get(0).diff());
    }
}
