package io.github.migrationchart.plugins.common;

import java.util.ArrayList;
import java.util.List;

/**
 * A unified diff ({@code diff -u}, 3 lines of context) of two texts, as shown by {@code git diff}.
 * Lines are compared by a longest common subsequence over the part between the common head and
 * tail, which is small for the changes of a chart; a very large changed part is shown as all
 * removed, then all added, rather than spend quadratic memory on it.
 */
final class UnifiedDiff {
    private static final int CONTEXT = 3;
    /** Above this many cells, the middle part is not aligned line by line. */
    private static final long MAX_TABLE = 4_000_000;
    private static final String NO_NEWLINE = "\n\\ No newline at end of file";

    private UnifiedDiff() {}

    private record Edit(char kind, String line) {}

    /**
     * The diff from {@code before} to {@code after}, with the given file labels (such as
     * {@code a/Chart.yaml} or {@code /dev/null}); empty when the texts are equal.
     */
    static String of(String beforeLabel, String before, String afterLabel, String after) {
        if (before.equals(after)) {
            return "";
        }
        List<Edit> edits = edits(lines(before), lines(after));
        StringBuilder out = new StringBuilder();
        out.append("--- ").append(beforeLabel).append('\n');
        out.append("+++ ").append(afterLabel).append('\n');
        appendHunks(edits, out);
        return out.toString();
    }

    /**
     * The lines of a text without their terminators. A last line without a newline carries diff's
     * marker, so that a missing final newline is a difference like any other.
     */
    static List<String> lines(String text) {
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        String last = lines.remove(lines.size() - 1);
        if (!last.isEmpty()) {
            lines.add(last + NO_NEWLINE);
        }
        return lines;
    }

    private static List<Edit> edits(List<String> a, List<String> b) {
        int head = 0;
        while (head < a.size() && head < b.size() && a.get(head).equals(b.get(head))) {
            head++;
        }
        int tail = 0;
        while (tail < a.size() - head && tail < b.size() - head
                && a.get(a.size() - 1 - tail).equals(b.get(b.size() - 1 - tail))) {
            tail++;
        }
        List<Edit> edits = new ArrayList<>();
        a.subList(0, head).forEach(line -> edits.add(new Edit(' ', line)));
        middle(a.subList(head, a.size() - tail), b.subList(head, b.size() - tail), edits);
        a.subList(a.size() - tail, a.size()).forEach(line -> edits.add(new Edit(' ', line)));
        return edits;
    }

    private static void middle(List<String> a, List<String> b, List<Edit> edits) {
        int n = a.size();
        int m = b.size();
        if ((long) (n + 1) * (m + 1) > MAX_TABLE) {
            a.forEach(line -> edits.add(new Edit('-', line)));
            b.forEach(line -> edits.add(new Edit('+', line)));
            return;
        }
        // common[i][j]: length of the longest common subsequence of a[i..] and b[j..]
        int[][] common = new int[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                common[i][j] = a.get(i).equals(b.get(j))
                        ? common[i + 1][j + 1] + 1
                        : Math.max(common[i + 1][j], common[i][j + 1]);
            }
        }
        int i = 0;
        int j = 0;
        while (i < n || j < m) {
            if (i < n && j < m && a.get(i).equals(b.get(j))) {
                edits.add(new Edit(' ', a.get(i++)));
                j++;
            } else if (j == m || (i < n && common[i + 1][j] >= common[i][j + 1])) {
                // on a tie, the removal comes first, as diff -u shows a changed line
                edits.add(new Edit('-', a.get(i++)));
            } else {
                edits.add(new Edit('+', b.get(j++)));
            }
        }
    }

    private static void appendHunks(List<Edit> edits, StringBuilder out) {
        int size = edits.size();
        // line numbers (0-based) in a and b at each edit
        int[] lineA = new int[size + 1];
        int[] lineB = new int[size + 1];
        for (int k = 0; k < size; k++) {
            char kind = edits.get(k).kind();
            lineA[k + 1] = lineA[k] + (kind == '+' ? 0 : 1);
            lineB[k + 1] = lineB[k] + (kind == '-' ? 0 : 1);
        }
        int k = 0;
        while (k < size) {
            if (edits.get(k).kind() == ' ') {
                k++;
                continue;
            }
            int start = Math.max(0, k - CONTEXT);
            int end = k; // exclusive end of the last change in this hunk
            int next = k;
            while (next < size) {
                if (edits.get(next).kind() != ' ') {
                    end = next + 1;
                    next++;
                } else if (next - end < 2 * CONTEXT) {
                    next++;
                } else {
                    break;
                }
            }
            end = Math.min(size, end + CONTEXT);
            int countA = lineA[end] - lineA[start];
            int countB = lineB[end] - lineB[start];
            out.append("@@ -").append(range(lineA[start], countA))
                    .append(" +").append(range(lineB[start], countB)).append(" @@\n");
            for (int e = start; e < end; e++) {
                out.append(edits.get(e).kind()).append(edits.get(e).line()).append('\n');
            }
            k = end;
        }
    }

    /** diff's range: first line (1-based) and count; an empty range names the line before it. */
    private static String range(int firstLine, int count) {
        int start = count == 0 ? firstLine : firstLine + 1;
        return count == 1 ? String.valueOf(start) : start + "," + count;
    }
}
