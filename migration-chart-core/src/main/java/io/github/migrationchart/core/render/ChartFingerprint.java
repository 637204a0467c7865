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
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.zip.CRC32;
import java.util.stream.Stream;

/**
 * A SHA-256 of everything a chart's bytes depend on, computed without rendering it: the spec
 * (every field of its records, {@link SpecText}), the templates, and the renderer's own code. Equal
 * fingerprints mean {@link ChartRenderer} would render the same files, so a build tool may keep a
 * chart it generated before.
 *
 * <p>The templates and the code cannot change while their class loader lives, so their part is
 * computed once per JVM: in a reactor of many modules, each module only hashes its own spec.
 */
public final class ChartFingerprint {
    private static final String CODE_PREFIX = "io/github/migrationchart/core/";

    private ChartFingerprint() {}

    private static final class OwnCode {
        static final byte[] DIGEST = templatesAndCode(ChartFingerprint.class.getClassLoader());
    }

    /** The fingerprint of the chart {@code spec} renders to, as 64 hex digits. */
    public static String of(ChartSpec spec) {
        return of(spec, OwnCode.DIGEST);
    }

    /** As {@link #of(ChartSpec)}, with the templates read through {@code loader} (tests). */
    static String of(ChartSpec spec, ClassLoader loader) {
        return of(spec, templatesAndCode(loader));
    }

    private static String of(ChartSpec spec, byte[] templatesAndCode) {
        MessageDigest digest = sha256();
        update(digest, "spec", SpecText.of(spec).getBytes(StandardCharsets.UTF_8));
        update(digest, "templates and renderer", templatesAndCode);
        return HexFormat.of().formatHex(digest.digest());
    }

    /** A digest of the templates as {@code loader} finds them, and of the renderer's code. */
    private static byte[] templatesAndCode(ClassLoader loader) {
        MessageDigest digest = sha256();
        for (ChartFile file : ChartFile.ALL) {
            try (InputStream in = loader.getResourceAsStream(file.templateResource())) {
                if (in == null) {
                    throw new IllegalStateException("template " + file.templateResource() + " is missing from the classpath");
                }
                update(digest, file.templateResource(), crc(in.readAllBytes()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read template " + file.templateResource(), e);
            }
        }
        update(digest, "renderer", rendererCode());
        return digest.digest();
    }

    /**
     * A digest of the core's own code: in a jar, the names, sizes and CRC-32s its index records for
     * the core's classes (reading the index costs nothing next to hashing the jar, which may be a
     * plugin with everything merged into it); in a build, the class files of its output directory.
     */
    private static byte[] rendererCode() {
        CodeSource source = ChartFingerprint.class.getProtectionDomain().getCodeSource();
        try {
            Path location = Path.of(source.getLocation().toURI());
            MessageDigest digest = sha256();
            if (Files.isRegularFile(location)) {
                try (JarFile jar = new JarFile(location.toFile())) {
                    jar.stream().filter(entry -> entry.getName().startsWith(CODE_PREFIX)).sorted(Comparator.comparing(JarEntry::getName))
                            .forEach(entry -> update(digest, entry.getName(),
                                    (entry.getSize() + ":" + entry.getCrc()).getBytes(StandardCharsets.UTF_8)));
                }
                return digest.digest();
            }
            List<Path> files;
            try (Stream<Path> walk = Files.walk(location)) {
                files = walk.filter(Files::isRegularFile).sorted().toList();
            }
            for (Path file : files) {
                update(digest, location.relativize(file).toString(), crc(Files.readAllBytes(file)));
            }
            return digest.digest();
        } catch (IOException | URISyntaxException | RuntimeException e) {
            // Unknown code: a fingerprint no other JVM gives, so no chart of an earlier build is kept by mistake.
            return ("unknown " + System.nanoTime()).getBytes(StandardCharsets.UTF_8);
        }
    }

    /** Size and CRC-32 of {@code bytes}: enough to see any change, and cheap before the JIT has warmed up. */
    private static byte[] crc(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return (bytes.length + ":" + crc.getValue()).getBytes(StandardCharsets.UTF_8);
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
