package io.github.migrationchart.plugins.common;

import com.marcnuri.helm.jni.HelmLib;
import com.marcnuri.helm.jni.NativeLibrary;
import com.sun.jna.Native;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.zip.CRC32;

/**
 * Helm, as helm-java's native library, loaded once per JVM from a per-user cache instead of from a
 * new copy in a temporary directory on every build (helm-java inflates its ~93 MiB library anew
 * each time it loads). The cache holds one copy per library file, named after the jar entry's
 * size and CRC-32, so that versions never mix; a copy is checked against that CRC before every
 * use, written to a temporary file and renamed into place (concurrent builds see a whole copy or
 * none), and if anything about the cache fails the library is loaded helm-java's own way.
 *
 * <p>One instance per JVM, as helm-java keeps it: the library starts a Go runtime, which must not
 * be loaded twice. The cache is {@code $MIGRATION_CHART_CACHE/helm-java}, else
 * {@code $XDG_CACHE_HOME/migration-chart/helm-java}, else {@code ~/.cache/migration-chart/helm-java}.
 */
public final class HelmLibrary {
    private HelmLibrary() {}

    private static final class Holder {
        static final HelmLib INSTANCE = load();
    }

    /** The loaded library, for helm-java's commands ({@code new LintCommand(HelmLibrary.get(), chart)}). */
    public static HelmLib get() {
        return Holder.INSTANCE;
    }

    /**
     * Starts loading the library on a thread of its own, for a caller that needs it only after
     * other work (rendering the chart): checking the cached copy, {@code dlopen} and the Go
     * runtime's start then run beside that work on a second core. A failure is left for
     * {@link #get()} to report, on the caller's thread.
     */
    public static void loadInBackground() {
        Thread loader = new Thread(HelmLibrary::loadQuietly, "migration-chart-helm-load");
        loader.setDaemon(true);
        loader.start();
    }

    private static void loadQuietly() {
        try {
            get();
        } catch (LinkageError e) {
            // get() throws it again where the library is needed
        }
    }

    private static HelmLib load() {
        NativeLibrary platform = NativeLibrary.getInstance();
        try {
            URL resource = platform.getClass().getResource("/" + platform.getBinaryName());
            if (resource == null) {
                return platform.load();
            }
            Path library = cachedCopy(resource, platform.getBinaryName(), cacheDirectory());
            HelmLib helm = Native.load(library.toString(), HelmLib.class);
            // as helm-java does: stop the chart repository servers a command may have started
            Runtime.getRuntime().addShutdownHook(new Thread(helm::RepoServerStopAll));
            return helm;
        } catch (IOException | RuntimeException | LinkageError e) {
            return platform.load();
        }
    }

    /** Where the copies are kept. */
    static Path cacheDirectory() {
        String project = System.getenv("MIGRATION_CHART_CACHE");
        if (project != null && !project.isBlank()) {
            return Path.of(project, "helm-java");
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("migration-chart").resolve("helm-java");
    }

    /**
     * The cached copy of the library file {@code resource} (an entry of a jar), extracted into
     * {@code cache} if it is not there whole.
     *
     * @throws IOException when the resource is not in a jar, or the cache cannot be written
     */
    static Path cachedCopy(URL resource, String name, Path cache) throws IOException {
        URLConnection connection = resource.openConnection();
        if (!(connection instanceof JarURLConnection jar)) {
            throw new IOException(resource + " is not in a jar");
        }
        jar.setUseCaches(false);
        JarEntry entry = jar.getJarEntry();
        long size = entry.getSize();
        long crc = entry.getCrc();
        if (size < 0 || crc < 0) {
            throw new IOException(resource + " has no size or CRC in its jar");
        }
        Path directory = cache.resolve(name + "-" + size + "-" + Long.toHexString(crc));
        Path library = directory.resolve(name);
        if (isWhole(library, size, crc)) {
            return library;
        }
        Files.createDirectories(directory);
        Path temporary = Files.createTempFile(directory, name, ".tmp");
        try {
            try (InputStream in = jar.getInputStream(); OutputStream out = Files.newOutputStream(temporary)) {
                in.transferTo(out);
            }
            if (!isWhole(temporary, size, crc)) {
                throw new IOException("the copy of " + resource + " does not match its CRC-32");
            }
            AtomicFiles.replace(temporary, library);
        } finally {
            Files.deleteIfExists(temporary);
        }
        return library;
    }

    /** Whether {@code file} exists with exactly that size and CRC-32. */
    static boolean isWhole(Path file, long size, long crc) throws IOException {
        if (!Files.isRegularFile(file) || Files.size(file) != size) {
            return false;
        }
        CRC32 checksum = new CRC32();
        byte[] buffer = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(file)) {
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                checksum.update(buffer, 0, read);
            }
        }
        return checksum.getValue() == crc;
    }
}
