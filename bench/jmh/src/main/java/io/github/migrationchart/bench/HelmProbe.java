package io.github.migrationchart.bench;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintCommand;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import com.marcnuri.helm.jni.HelmLib;
import com.marcnuri.helm.jni.NativeLibrary;
import com.sun.jna.Native;
import io.github.migrationchart.core.render.ChartRenderer;
import io.github.migrationchart.core.render.ChartWriter;
import io.github.migrationchart.core.render.RenderedChart;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * Where the time of one {@code migration:generate} goes outside Maven, step by step in a fresh JVM,
 * in the order GenerateMojo runs them: render, write the staging copy, helm lint (the first Helm
 * call extracts the ~98 MB native library from the helm-java jar into a temp directory and
 * dlopens it), helm template, write the chart. Also times the extraction alone and the RSS after
 * each step. Not a JMH benchmark: every step but the repeated Helm calls runs once, cold, as in
 * the Maven build.
 *
 * <p>With the argument {@code cached}, it times the suggested alternative instead: the library is
 * extracted once into a cache directory named after the jar entry's size and CRC (no inflating
 * when it is already there), loaded with JNA from there, and the commands are built on that
 * {@link HelmLib} ({@code new LintCommand(lib, dir)}, {@code new TemplateCommand(lib, dir)})
 * rather than through {@code Helm}, whose holder would extract a fresh copy. Run it twice: the
 * second run is the steady state of every build after the first.
 */
public final class HelmProbe {
    private static long last = System.nanoTime();

    public static void main(String[] args) throws Exception {
        System.out.printf("JVM uptime at main: %d ms, RSS %d MiB%n",
                java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime(), rssMiB());
        step(null);

        var spec = RenderBenchmark.laravelApi(Map.of(), Map.of("ENV_VARIABLE", "false"));
        step("build the ChartSpec (cold)");
        ChartRenderer renderer = new ChartRenderer();
        step("new ChartRenderer() (cold: Jinjava classes, default libraries, templates read)");
        RenderedChart chart = renderer.render(spec);
        step("1st render(spec) (cold: validation, template parsing, interpreted code)");
        renderer.render(spec);
        step("2nd render(spec)");
        Path work = Files.createTempDirectory("helm-probe");
        Path staging = ChartWriter.write(chart, work.resolve(".lint").resolve(chart.name()));
        step("ChartWriter.write (staging copy)");

        if (args.length > 0 && args[0].equals("cached")) {
            cached(staging);
            ChartWriter.deleteRecursively(work);
            return;
        }

        NativeLibrary nativeLibrary = NativeLibrary.getInstance();
        Path copy = Files.createTempFile("helm-probe", ".so");
        try (InputStream in = nativeLibrary.getClass().getResourceAsStream("/" + nativeLibrary.getBinaryName())) {
            Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
        }
        System.out.printf("  (native library %s: %d MiB uncompressed)%n", nativeLibrary.getBinaryName(), Files.size(copy) >> 20);
        Files.delete(copy);
        step("extract the native library from its jar alone (ServiceLoader + inflate + write)");

        LintResult lint = new Helm(staging).lint().strict().call();
        step("1st helm lint --strict (extract again + dlopen + Go runtime + lint), failed=" + lint.isFailed());
        new Helm(staging).lint().strict().call();
        step("2nd helm lint --strict (library loaded)");
        new Helm(staging).template().withName("release").call();
        step("1st helm template");
        new Helm(staging).template().withName("release").call();
        step("2nd helm template");
        ChartWriter.write(chart, work.resolve(chart.name()));
        step("ChartWriter.write (final chart)");
        ChartWriter.deleteRecursively(work);
    }

    private static void cached(Path chartDirectory) throws Exception {
        NativeLibrary nativeLibrary = NativeLibrary.getInstance();
        String name = nativeLibrary.getBinaryName();
        java.net.URL url = nativeLibrary.getClass().getResource("/" + name);
        java.net.JarURLConnection jar = (java.net.JarURLConnection) url.openConnection();
        java.util.jar.JarEntry entry = jar.getJarEntry();
        Path cache = Path.of(System.getProperty("java.io.tmpdir"), "migration-chart-helm-probe",
                Long.toHexString(entry.getCrc()) + "-" + entry.getSize());
        Path library = cache.resolve(name);
        boolean hit = Files.isRegularFile(library) && Files.size(library) == entry.getSize();
        if (!hit) {
            Files.createDirectories(cache);
            Path temp = Files.createTempFile(cache, name, ".tmp");
            try (InputStream in = jar.getInputStream()) {
                Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.move(temp, library, StandardCopyOption.ATOMIC_MOVE);
        }
        step((hit ? "cache hit: no extraction (" : "cache miss: extracted into ") + cache + (hit ? ")" : ""));
        HelmLib lib = Native.load(library.toString(), HelmLib.class);
        step("Native.load from the cache (dlopen + Go runtime start)");
        LintResult lint = new LintCommand(lib, chartDirectory).strict().call();
        step("1st helm lint --strict, failed=" + lint.isFailed());
        new TemplateCommand(lib, chartDirectory).withName("release").call();
        step("1st helm template");
    }

    private static void step(String name) {
        long now = System.nanoTime();
        if (name != null) {
            System.out.printf("%8.1f ms  RSS %4d MiB  %s%n", (now - last) / 1e6, rssMiB(), name);
        }
        last = System.nanoTime();
    }

    private static long rssMiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) >> 10;
                }
            }
        } catch (Exception e) {
            // not Linux
        }
        return -1;
    }
}
