package io.github.migrationchart.core.render;

import io.github.migrationchart.core.model.ChartSpec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * A SHA-256 of everything a chart's bytes depend on, computed without rendering it: the spec (its
 * records print every field, with ordered maps), the templates, and the renderer's own code. Equal
 * fingerprints mean {@link ChartRenderer} would render the same files, so a build tool may keep a
 * chart it generated before.
 */
public final class ChartFingerprint {
    private ChartFingerprint() {}

    /** The fingerprint of the chart {@code spec} renders to, as 64 hex digits. */
    public static String of(ChartSpec spec) {
        return of(spec, ChartFingerprint.class.getClassLoader());
    }

    /** As {@link #of(ChartSpec)}, with the templates read through {@code loader} (tests). */
    static String of(ChartSpec spec, ClassLoader loader) {
        MessageDigest digest = sha256();
        update(digest, "spec", spec.toString().getBytes(StandardCharsets.UTF_8));
        for (ChartFile file : ChartFile.ALL) {
            try (InputStream in = loader.getResourceAsStream(file.templateResource())) {
                if (in == null) {
                    throw new IllegalStateException("template " + file.templateResource() + " is missing from the classpath");
                }
                update(digest, file.templateResource(), in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read template " + file.templateResource(), e);
            }
        }
        update(digest, "renderer", rendererCode());
        return HexFormat.of().formatHex(digest.digest());
    }

    /** The bytes of the core's own code: its jar, or in a build the class files of its output directory. */
    private static byte[] rendererCode() {
        CodeSource source = ChartFingerprint.class.getProtectionDomain().getCodeSource();
        try {
            Path location = Path.of(source.getLocation().toURI());
            if (Files.isRegularFile(location)) {
                return Files.readAllBytes(location);
            }
            MessageDigest digest = sha256();
            List<Path> files;
            try (Stream<Path> walk = Files.walk(location)) {
                files = walk.filter(Files::isRegularFile).sorted().toList();
            }
            for (Path file : files) {
                update(digest, location.relativize(file).toString(), Files.readAllBytes(file));
            }
            return digest.digest();
        } catch (IOException | URISyntaxException | RuntimeException e) {
            // Unknown code: a fingerprint that never matches, so nothing is ever kept by mistake.
            return ("unknown " + System.nanoTime()).getBytes(StandardCharsets.UTF_8);
        }
    }

    private static void update(MessageDigest digest, String name, byte[] bytes) {
        digest.update((name + "\0" + bytes.length + "\0").getBytes(StandardCharsets.UTF_8));
        digest.update(bytes);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
