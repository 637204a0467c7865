package io.github.migrationchart.core.render;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A generated chart in memory: file path inside the chart (with '/' separators) to content.
 *
 * @param name  the chart name, which is also the name of its directory
 * @param files every file of the chart, sorted by path
 */
public record RenderedChart(String name, SortedMap<String, String> files) {
    public RenderedChart {
        files = Collections.unmodifiableSortedMap(new TreeMap<>(files));
    }

    public String file(String path) {
        String content = files.get(path);
        if (content == null) {
            throw new IllegalArgumentException("chart " + name + " has no file " + path + "; it has " + files.keySet());
        }
        return content;
    }
}
