package io.github.migrationchart.plugins.common;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.CRC32;

/**
 * What generated a chart directory, kept next to it ({@code <outputDirectory>/.<chartName>.generated}):
 * the fingerprint of the inputs, whether Helm checked the result, and the size and CRC-32 of
 * every file written (any edit shows in them, and they cost nothing to compute in a cold JVM). A build whose inputs have the same fingerprint may keep the chart, if its files are
 * still exactly these (no file changed, added or removed by hand).
 *
 * @param inputs the {@link io.github.migrationchart.core.render.ChartFingerprint} of the inputs
 * @param linted whether {@code helm lint --strict} and {@code helm template} passed on these files
 * @param files  path inside the chart ({@code /} separators) to {@code <size>:<crc32>} of its bytes
 */
public record GenerationRecord(String inputs, boolean linted, Map<String, String> files) {
    private static final String HEADER = "# migration-chart: what generated the chart beside this file;"
            + " delete it (or build with -Dmigration.force=true) to regenerate the chart";

    public GenerationRecord {
        files = Map.copyOf(files);
    }

    /** Where the record of the chart {@code <outputDirectory>/<chartName>} is kept. */
    public static Path location(Path outputDirectory, String chartName) {
        return outputDirectory.resolve("." + chartName + ".generated");
    }

    /** The record of what is in {@code chartDirectory} now, for inputs with that fingerprint. */
    public static GenerationRecord of(String inputs, boolean linted, Path chartDirectory) throws IOException {
        return new GenerationRecord(inputs, linted, hashes(chartDirectory));
    }

    /** The record in {@code file}; empty when there is none or it is not one this version wrote. */
    public static Optional<GenerationRecord> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return Optional.empty(); // none, or unreadable: either way the chart is generated again
        }
        String inputs = null;
        Boolean linted = null;
        Map<String, String> files = new TreeMap<>();
        for (String line : lines) {
            String[] parts = line.split(" ", 3);
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            } else if (parts.length == 2 && parts[0].equals("inputs")) {
                inputs = parts[1];
            } else if (parts.length == 2 && parts[0].equals("linted")) {
                linted = Boolean.valueOf(parts[1]);
            } else if (parts.length == 3 && parts[0].equals("file")) {
                files.put(parts[2], parts[1]);
            } else {
                return Optional.empty();
            }
        }
        return inputs == null || linted == null ? Optional.empty() : Optional.of(new GenerationRecord(inputs, linted, files));
    }

    /** Writes the record to {@code file} atomically: a reader sees the old record or the new one. */
    public void write(Path file) throws IOException {
        StringBuilder out = new StringBuilder(HEADER).append('\n');
        out.append("inputs ").append(inputs).append('\n');
        out.append("linted ").append(linted).append('\n');
        new TreeMap<>(files).forEach((path, hash) -> out.append("file ").append(hash).append(' ').append(path).append('\n'));
        Path temporary = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
        try {
            Files.writeString(temporary, out, StandardCharsets.UTF_8);
            AtomicFiles.replace(temporary, file);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /**
     * Whether a chart for inputs with fingerprint {@code current} may be kept: same inputs, checked
     * by Helm when {@code lint} asks for it, and every file in {@code chartDirectory} as written.
     */
    public boolean allowsKeeping(String current, boolean lint, Path chartDirectory) {
        if (!inputs.equals(current) || (lint && !linted) || !Files.isDirectory(chartDirectory)) {
            return false;
        }
        try {
            return hashes(chartDirectory).equals(files);
        } catch (IOException e) {
            return false;
        }
    }

    private static Map<String, String> hashes(Path chartDirectory) throws IOException {
        Map<String, String> hashes = new TreeMap<>();
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(chartDirectory)) {
            paths = walk.filter(path -> !Files.isDirectory(path)).sorted().toList();
        }
        for (Path path : paths) {
            String relative = chartDirectory.relativize(path).toString().replace('\\', '/');
            byte[] bytes = Files.readAllBytes(path);
            CRC32 crc = new CRC32();
            crc.update(bytes);
            hashes.put(relative, bytes.length + ":" + Long.toHexString(crc.getValue()));
        }
        return hashes;
    }
}
