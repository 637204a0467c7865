package io.github.migrationchart.plugins.common;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Compares a committed chart directory with a freshly generated one, byte for byte, file by file.
 */
final class ChartComparison {
    private ChartComparison() {}

    enum Change {
        /** in both, with other bytes */
        CHANGED,
        /** generated, but missing from the committed chart */
        ADDED,
        /** in the committed chart, but no longer generated */
        REMOVED
    }

    /**
     * One file that differs.
     *
     * @param path   path inside the chart, with '/' separators
     * @param diff   unified diff from the committed file to the generated one
     */
    record Difference(String path, Change change, String diff) {}

    /** Every file that differs, in path order; empty when the directories hold the same files and bytes. */
    static List<Difference> compare(Path committed, Path generated) throws IOException {
        List<String> committedFiles = files(committed);
        List<String> generatedFiles = files(generated);
        TreeSet<String> all = new TreeSet<>(committedFiles);
        all.addAll(generatedFiles);
        List<Difference> differences = new ArrayList<>();
        for (String path : all) {
            boolean inCommitted = committedFiles.contains(path);
            boolean inGenerated = generatedFiles.contains(path);
            if (inCommitted && inGenerated) {
                byte[] before = Files.readAllBytes(committed.resolve(path));
                byte[] after = Files.readAllBytes(generated.resolve(path));
                if (!Arrays.equals(before, after)) {
                    differences.add(new Difference(path, Change.CHANGED, changed(path, text(before), text(after))));
                }
            } else if (inGenerated) {
                String after = text(Files.readAllBytes(generated.resolve(path)));
                differences.add(new Difference(path, Change.ADDED, UnifiedDiff.of("/dev/null", "", "b/" + path, after)));
            } else {
                String before = text(Files.readAllBytes(committed.resolve(path)));
                differences.add(new Difference(path, Change.REMOVED, UnifiedDiff.of("a/" + path, before, "/dev/null", "")));
            }
        }
        return differences;
    }

    private static String changed(String path, String before, String after) {
        if (before.replace("\r\n", "\n").equals(after)) {
            return "--- a/" + path + "\n+++ b/" + path + "\n"
                    + "(only the line endings differ: the committed file has \\r\\n, the generated one \\n;"
                    + " commit the chart with \\n endings, e.g. with `* text eol=lf` in its .gitattributes)\n";
        }
        return UnifiedDiff.of("a/" + path, before, "b/" + path, after);
    }

    /** Regular files under the directory, as sorted relative paths with '/' separators. */
    private static List<String> files(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.filter(Files::isRegularFile)
                    .map(path -> root.relativize(path).toString().replace(root.getFileSystem().getSeparator(), "/"))
                    .sorted()
                    .toList();
        }
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
