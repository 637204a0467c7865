package io.github.migrationchart.core.render;

import java.util.ArrayList;
import java.util.List;

/**
 * The generated values.yaml, edited as text so that every comment stays where it is: a key's
 * value replaced in place, or blocks appended. It relies on the shape the chart's template gives
 * values.yaml: block style, two spaces per level, one key per line.
 */
final class ValuesText {
    private final List<String> lines;

    ValuesText(String text) {
        this.lines = new ArrayList<>(text.lines().toList());
    }

    /**
     * Replaces the value of the key at {@code path} with {@code value}, and ends its line with
     * the comment {@code # <marker>}.
     *
     * @throws IllegalArgumentException when the file has no such key
     */
    void replace(List<String> path, Object value, String marker) {
        int[] block = find(path);
        if (block == null) {
            throw new IllegalArgumentException("values.yaml has no key " + String.join(".", path));
        }
        int indent = (path.size() - 1) * 2;
        String head = " ".repeat(indent) + YamlText.key(path.get(path.size() - 1)) + ":";
        String after = YamlText.afterKey(value, indent + 2);
        List<String> replacement = new ArrayList<>();
        if (after.startsWith("\n")) {
            replacement.add(head + "  # " + marker);
            replacement.addAll(after.substring(1).lines().toList());
        } else {
            replacement.add(head + after + "  # " + marker);
        }
        for (int i = block[1] - 1; i >= block[0]; i--) {
            lines.remove(i);
        }
        lines.addAll(block[0], replacement);
    }

    /** Appends {@code text} after a blank line. */
    void append(String text) {
        lines.add("");
        lines.addAll(text.lines().toList());
    }

    String text() {
        return String.join("\n", lines) + "\n";
    }

    /** The lines [from, to) of the key at {@code path} and its value, or null. */
    private int[] find(List<String> path) {
        int start = 0;
        int end = lines.size();
        int[] block = null;
        for (int depth = 0; depth < path.size(); depth++) {
            String prefix = " ".repeat(depth * 2) + YamlText.key(path.get(depth)) + ":";
            block = null;
            for (int i = start; i < end; i++) {
                String line = lines.get(i);
                if (line.startsWith(prefix) && (line.length() == prefix.length() || line.charAt(prefix.length()) == ' ')) {
                    block = new int[] {i, blockEnd(i, end, depth * 2)};
                    break;
                }
            }
            if (block == null) {
                return null;
            }
            start = block[0] + 1;
            end = block[1];
        }
        return block;
    }

    /** The end of the value of the key on line {@code keyLine}: the next line of a key at its indent or less. */
    private int blockEnd(int keyLine, int limit, int indent) {
        int end = keyLine + 1;
        while (end < limit) {
            String line = lines.get(end);
            String stripped = line.strip();
            if (!stripped.isEmpty() && !stripped.startsWith("#") && indentOf(line) <= indent) {
                break;
            }
            end++;
        }
        // blank lines and comments of the next key at the same level are not part of this value
        while (end > keyLine + 1) {
            String line = lines.get(end - 1);
            String stripped = line.strip();
            if (stripped.isEmpty() || stripped.startsWith("#") && indentOf(line) <= indent) {
                end--;
            } else {
                break;
            }
        }
        return end;
    }

    private static int indentOf(String line) {
        int i = 0;
        while (i < line.length() && line.charAt(i) == ' ') {
            i++;
        }
        return i;
    }
}
