package io.github.migrationchart.plugins.common;

import com.marcnuri.helm.jni.NativeLibrary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.JarURLConnection;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.jar.JarEntry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** helm-java's native library is extracted once into the cache, checked before use, and replaced when damaged. */
class HelmLibraryTest {
    @TempDir
    Path cache;

    private final NativeLibrary platform = NativeLibrary.getInstance();
    private final URL resource = platform.getClass().getResource("/" + platform.getBinaryName());

    private JarEntry entry() throws IOException {
        return ((JarURLConnection) resource.openConnection()).getJarEntry();
    }

    @Test
    void theLibraryIsExtractedOnceAndThenReused() throws IOException {
        Path first = HelmLibrary.cachedCopy(resource, platform.getBinaryName(), cache);
        Object inode = Files.readAttributes(first, BasicFileAttributes.class).fileKey();

        Path second = HelmLibrary.cachedCopy(resource, platform.getBinaryName(), cache);

        assertEquals(first, second);
        assertEquals(inode, Files.readAttributes(second, BasicFileAttributes.class).fileKey(), "not written again");
        assertEquals(entry().getSize(), Files.size(second));
        assertTrue(first.getParent().getFileName().toString().endsWith("-" + entry().getSize() + "-" + Long.toHexString(entry().getCrc())),
                "named after size and CRC: " + first);
        try (var files = Files.list(first.getParent())) {
            assertEquals(1, files.count(), "no temporary file left");
        }
    }

    @Test
    void aDamagedCopyIsReplacedBeforeUse() throws IOException {
        Path copy = HelmLibrary.cachedCopy(resource, platform.getBinaryName(), cache);
        try (RandomAccessFile file = new RandomAccessFile(copy.toFile(), "rw")) {
            file.seek(4096);
            int b = file.read();
            file.seek(4096);
            file.write(b ^ 0xff);
        }
        assertFalse(HelmLibrary.isWhole(copy, entry().getSize(), entry().getCrc()));

        Path again = HelmLibrary.cachedCopy(resource, platform.getBinaryName(), cache);

        assertTrue(HelmLibrary.isWhole(again, entry().getSize(), entry().getCrc()));
    }

    @Test
    void aTruncatedCopyIsReplaced() throws IOException {
        Path copy = HelmLibrary.cachedCopy(resource, platform.getBinaryName(), cache);
        Files.write(copy, new byte[10]);

        Path again = HelmLibrary.cachedCopy(resource, platform.getBinaryName(), cache);

        assertEquals(entry().getSize(), Files.size(again));
    }

    @Test
    void aResourceOutsideAJarIsRefusedSoHelmJavaLoadsItItself() throws IOException {
        Path plain = Files.writeString(cache.resolve("lib.so"), "x");
        assertThrows(IOException.class, () -> HelmLibrary.cachedCopy(plain.toUri().toURL(), "lib.so", cache.resolve("c")));
    }

    @Test
    void theLibraryLoadsFromTheUsersCache() throws IOException {
        assertNotEquals(null, HelmLibrary.get());
        Path copy = HelmLibrary.cacheDirectory()
                .resolve(platform.getBinaryName() + "-" + entry().getSize() + "-" + Long.toHexString(entry().getCrc()))
                .resolve(platform.getBinaryName());
        assertTrue(HelmLibrary.isWhole(copy, entry().getSize(), entry().getCrc()), copy.toString());
    }
}
