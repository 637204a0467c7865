package io.github.migrationchart.plugins.common;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

class UnifiedDiffTest {

    @Test
    void equalTextsHaveNoDiff() {
        assertEquals("", UnifiedDiff.of("a/x", "same\n", "b/x", "same\n"));
    }

    @Test
    void showsAChangedLineWithThreeLinesOfContextAsDiffUDoes() {
        String before = "1\n2\n3\n4\nversion: 1.0.0\n6\n7\n8\n9\n";
        String after = "1\n2\n3\n4\nversion: 2.0.0\n6\n7\n8\n9\n";

        assertEquals("""
                --- a/Chart.yaml
                +++ b/Chart.yaml
                @@ -2,7 +2,7 @@
                 2
                 3
                 4
                -version: 1.0.0
                +version: 2.0.0
                 6
                 7
                 8
                """, UnifiedDiff.of("a/Chart.yaml", before, "b/Chart.yaml", after));
    }

    @Test
    void farApartChangesGetTheirOwnHunksAndCloseOnesShareOne() {
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= 30; i++) {
            lines.add("line " + i);
        }
        String before = String.join("\n", lines) + "\n";
        List<String> changed = new ArrayList<>(lines);
        changed.set(1, "changed 2");
        changed.set(8, "changed 9"); // 6 unchanged lines apart from line 2: same hunk
        changed.set(25, "changed 26");
        String diff = UnifiedDiff.of("a/f", before, "b/f", String.join("\n", changed) + "\n");

        assertEquals(List.of("@@ -1,12 +1,12 @@", "@@ -23,7 +23,7 @@"),
                diff.lines().filter(line -> line.startsWith("@@")).toList(), diff);
    }

    @Test
    void aMissingFinalNewlineIsADifference() {
        assertEquals("""
                --- a/f
                +++ b/f
                @@ -1,2 +1,2 @@
                 a
                -b
                \\ No newline at end of file
                +b
                """, UnifiedDiff.of("a/f", "a\nb", "b/f", "a\nb\n"));
    }

    @Test
    void addedAndRemovedFilesAreDiffedAgainstNothing() {
        assertEquals("--- /dev/null\n+++ b/new\n@@ -0,0 +1,2 @@\n+x\n+y\n", UnifiedDiff.of("/dev/null", "", "b/new", "x\ny\n"));
        assertEquals("--- a/old\n+++ /dev/null\n@@ -1 +0,0 @@\n-x\n", UnifiedDiff.of("a/old", "x\n", "/dev/null", ""));
    }

    @Test
    void patchingTheBeforeTextWithTheDiffGivesTheAfterText() {
        Random random = new Random(8);
        for (int round = 0; round < 500; round++) {
            List<String> before = randomLines(random);
            List<String> after = mutate(before, random);
            String beforeText = String.join("", before.stream().map(l -> l + "\n").toList());
            String afterText = String.join("", after.stream().map(l -> l + "\n").toList());
            String diff = UnifiedDiff.of("a/f", beforeText, "b/f", afterText);

            assertEquals(after, apply(before, diff), "round " + round + "\n" + diff);
        }
    }

    private static List<String> randomLines(Random random) {
        List<String> lines = new ArrayList<>();
        int size = random.nextInt(40);
        for (int i = 0; i < size; i++) {
            lines.add("l" + random.nextInt(8));
        }
        return lines;
    }

    private static List<String> mutate(List<String> lines, Random random) {
        List<String> result = new ArrayList<>(lines);
        int edits = random.nextInt(6);
        for (int i = 0; i < edits; i++) {
            int kind = random.nextInt(3);
            if (kind == 0 || result.isEmpty()) {
                result.add(random.nextInt(result.size() + 1), "new" + random.nextInt(5));
            } else if (kind == 1) {
                result.remove(random.nextInt(result.size()));
            } else {
                result.set(random.nextInt(result.size()), "changed" + random.nextInt(5));
            }
        }
        return result;
    }

    private static final Pattern HUNK = Pattern.compile("@@ -(\\d+)(?:,(\\d+))? \\+(\\d+)(?:,(\\d+))? @@");

    /** Applies a unified diff, checking every context and removed line and every hunk's counts. */
    private static List<String> apply(List<String> before, String diff) {
        List<String> result = new ArrayList<>();
        int next = 0; // next line of before to copy
        List<String> lines = diff.lines().skip(2).toList();
        int i = 0;
        while (i < lines.size()) {
            Matcher hunk = HUNK.matcher(lines.get(i++));
            if (!hunk.matches()) {
                throw new AssertionError("not a hunk header: " + lines.get(i - 1));
            }
            int oldStart = Integer.parseInt(hunk.group(1));
            int oldCount = hunk.group(2) == null ? 1 : Integer.parseInt(hunk.group(2));
            int newCount = hunk.group(4) == null ? 1 : Integer.parseInt(hunk.group(4));
            int firstOld = oldCount == 0 ? oldStart : oldStart - 1;
            while (next < firstOld) {
                result.add(before.get(next++));
            }
            int seenOld = 0;
            int seenNew = 0;
            while (i < lines.size() && !lines.get(i).startsWith("@@")) {
                String line = lines.get(i++);
                String text = line.substring(1);
                switch (line.charAt(0)) {
                    case ' ' -> {
                        assertEquals(before.get(next++), text);
                        result.add(text);
                        seenOld++;
                        seenNew++;
                    }
                    case '-' -> {
                        assertEquals(before.get(next++), text);
                        seenOld++;
                    }
                    case '+' -> {
                        result.add(text);
                        seenNew++;
                    }
                    default -> throw new AssertionError("bad line: " + line);
                }
            }
            assertEquals(oldCount, seenOld, "old count of " + hunk.group());
            assertEquals(newCount, seenNew, "new count of " + hunk.group());
        }
        while (next < before.size()) {
            result.add(before.get(next++));
        }
        return result;
    }
}
