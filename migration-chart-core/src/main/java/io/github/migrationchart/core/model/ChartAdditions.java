package io.github.migrationchart.core.model;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Files of the project that go into the generated chart: its own templates (and their tests,
 * files, CRDs) next to the generated ones, and a {@code values.yaml} merged into the generated
 * values. They survive regeneration, where a hand edit of the output would not.
 *
 * @param origin where they come from, as messages and the chart's README name it, e.g. {@code src/main/helm}
 * @param files  chart-relative path (with '/') to text content, sorted
 */
public record ChartAdditions(String origin, SortedMap<String, String> files) {
    public static final ChartAdditions NONE = new ChartAdditions("", new TreeMap<>());
    /** The file whose keys are merged into the generated values.yaml. */
    public static final String VALUES = "values.yaml";

    public ChartAdditions {
        origin = Collections2.orEmpty(origin);
        files = Collections.unmodifiableSortedMap(new TreeMap<>(files == null ? new TreeMap<>() : files));
    }

    public boolean isEmpty() {
        return files.isEmpty();
    }

    /**
     * Every regular file under {@code directory}, as UTF-8 text.
     *
     * @throws IOException when a file cannot be read or is not UTF-8 text, naming it
     */
    public static ChartAdditions fromDirectory(Path directory, String origin) throws IOException {
        SortedMap<String, String> files = new TreeMap<>();
        List<Path> regular;
        try (Stream<Path> walk = Files.walk(directory)) {
            regular = walk.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path file : regular) {
            String path = directory.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
            try {
                files.put(path, StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString());
            } catch (CharacterCodingException e) {
                throw new IOException(origin + "/" + path + " is not UTF-8 text; a chart's templates and values are text", e);
            }
        }
        return new ChartAdditions(origin, files);
    }

    /** How messages name one of its files: {@code src/main/helm/values.yaml}. */
    public String show(String path) {
        return origin.isEmpty() ? path : origin + "/" + path;
    }
}
