package io.github.migrationchart.it;

import io.github.migrationchart.core.render.ChartWriter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The release of RELEASING.md, rehearsed: the published modules' sources are copied twice; the
 * first copy is deployed with the {@code release} profile, the release version and a throwaway GPG
 * key to a file repository (the files Central would get, less the upload of the {@code central}
 * profile), and the second copy is deployed the same way from scratch, unsigned. The first
 * release must meet Central's rules ({@link CentralRulesCheck}) and the two must have the same
 * bytes.
 */
class ReleaseRehearsalIT {
    /** The published modules and what Maven needs to read the reactor around them. */
    private static final List<String> SOURCES = List.of("pom.xml", "mvnw", ".mvn", "LICENSE", "NOTICE", "chart-templates",
            "migration-chart-core", "migration-plugins-common", "migration-maven-plugin", "migration-chart-cli/pom.xml",
            "examples/laravel-api/pom.xml", "examples/spring-flyway/pom.xml", "it-tests/pom.xml");
    /** What a release deploys, with what it needs (migration-plugins-common, merged into the plugin and not deployed). */
    private static final String MODULES = "chart-templates,migration-chart-core,migration-maven-plugin";

    private static final Path ROOT = Path.of(System.getProperty("rehearsal.sources", "..")).toAbsolutePath().normalize();
    private static final Path WORK = Path.of(System.getProperty("rehearsal.directory", "target/rehearsal")).toAbsolutePath();

    private static String version;
    private static Path gnupgHome;
    private static Command.Result first;
    private static Command.Result second;

    @BeforeAll
    static void rehearse() throws IOException {
        Matcher revision = Pattern.compile("<revision>([^<]+)</revision>").matcher(Files.readString(ROOT.resolve("pom.xml")));
        assertTrue(revision.find(), "no <revision> in " + ROOT.resolve("pom.xml"));
        version = revision.group(1).replace("-SNAPSHOT", "");
        ChartWriter.deleteRecursively(WORK);
        copySources(WORK.resolve("first"));
        copySources(WORK.resolve("second"));
        // gpg-agent's socket lives in the home directory: a short path, not under target/
        gnupgHome = Files.createTempDirectory(Path.of("/tmp"), "mc-gpg-");
        String key = throwawayKey(gnupgHome);

        // Not offline: the first build may download the release plugins, and maven-deploy-plugin
        // refuses to deploy in offline mode, even to a file repository.
        first = release(WORK.resolve("first"), "-Dgpg.homedir=" + gnupgHome, "-Dgpg.keyname=" + key);
        second = first.succeeded() ? release(WORK.resolve("second"), "-Dgpg.skip=true") : first;
    }

    @AfterAll
    static void forgetTheKey() throws IOException {
        if (gnupgHome != null) {
            Command.of("gpgconf", "--homedir", gnupgHome.toString(), "--kill", "all").run(Duration.ofSeconds(30));
            ChartWriter.deleteRecursively(gnupgHome);
        }
    }

    @Test
    void theReleaseMeetsCentralsRules() throws IOException {
        assertTrue(first.succeeded(), first.describe());
        List<String> problems = CentralRulesCheck.problems(repository("first"), version, gnupgHome);
        assertEquals(List.of(), problems, "the release " + version + " breaks Central's rules");
    }

    @Test
    void aSecondBuildOfTheSameSourcesGivesTheSameBytes() throws IOException {
        assertTrue(second.succeeded(), second.describe());
        Map<String, byte[]> one = withoutSignatures(CentralRulesCheck.files(repository("first")));
        Map<String, byte[]> two = withoutSignatures(CentralRulesCheck.files(repository("second")));
        assertEquals(new TreeSet<>(one.keySet()), new TreeSet<>(two.keySet()), "the two builds made different files");
        List<String> different = new ArrayList<>();
        for (String file : one.keySet()) {
            if (!Arrays.equals(one.get(file), two.get(file))) {
                different.add(file + describeJarDifference(one.get(file), two.get(file), file));
            }
        }
        assertEquals(List.of(), different, "files that differ between two builds of the same sources");
        assertTrue(one.keySet().stream().filter(f -> f.endsWith(".jar")).count() >= 9, "jars compared: " + one.keySet());
    }

    @Test
    void theCheckNamesEveryGapOfABrokenRelease() throws IOException {
        assertTrue(first.succeeded(), first.describe());
        Path broken = WORK.resolve("broken-repository");
        ChartWriter.deleteRecursively(broken);
        copyTree(repository("first"), broken);
        Path core = broken.resolve("io/github/migrationchart/migration-chart-core/" + version);
        Path plugin = broken.resolve("io/github/migrationchart/migration-maven-plugin/" + version);
        Files.delete(core.resolve("migration-chart-core-" + version + "-javadoc.jar"));
        Files.delete(core.resolve("migration-chart-core-" + version + "-sources.jar.asc"));
        Path pom = plugin.resolve("migration-maven-plugin-" + version + ".pom");
        Files.writeString(pom, Files.readString(pom).replace("<artifactId>helm-java</artifactId>",
                "<artifactId>helm-java</artifactId></dependency><dependency><groupId>com.hubspot.jinjava</groupId>"
                        + "<artifactId>jinjava</artifactId><version>2.8.4</version>"));

        List<String> problems = CentralRulesCheck.problems(broken, version, gnupgHome);

        String core1 = "io/github/migrationchart/migration-chart-core/" + version + "/migration-chart-core-" + version;
        String plugin1 = "io/github/migrationchart/migration-maven-plugin/" + version + "/migration-maven-plugin-" + version;
        for (String expected : List.of(core1 + "-javadoc.jar: missing", core1 + "-sources.jar: no .asc signature",
                plugin1 + ".pom.md5: does not match the file", plugin1 + ".pom.asc: gpg --verify fails",
                plugin1 + ".pom: <dependencies> of compile and runtime scope are [helm-java, jinjava]")) {
            assertTrue(problems.stream().anyMatch(problem -> problem.startsWith(expected)), expected + " in " + problems);
        }
    }

    /** Which entries of two jars differ, for the failure message. */
    private static String describeJarDifference(byte[] one, byte[] two, String file) throws IOException {
        if (!file.endsWith(".jar")) {
            return "";
        }
        Map<String, byte[]> a = CentralRulesCheck.jarEntries(one);
        Map<String, byte[]> b = CentralRulesCheck.jarEntries(two);
        TreeSet<String> entries = new TreeSet<>(a.keySet());
        entries.addAll(b.keySet());
        List<String> differ = entries.stream().filter(e -> !a.containsKey(e) || !b.containsKey(e) || !Arrays.equals(a.get(e), b.get(e)))
                .limit(10).toList();
        return differ.isEmpty() ? " (same entries, different zip metadata)" : " (entries " + differ + ")";
    }

    private static Map<String, byte[]> withoutSignatures(Map<String, byte[]> files) {
        Map<String, byte[]> kept = new HashMap<>(files);
        kept.keySet().removeIf(name -> name.endsWith(".asc"));
        return kept;
    }

    private static Path repository(String copy) {
        return WORK.resolve(copy + "-repository");
    }

    /** RELEASING.md's publishing command, with the release version, to a file repository instead of the Portal. */
    private static Command.Result release(Path copy, String... signing) {
        List<String> command = new ArrayList<>(List.of(copy.resolve("mvnw").toString(), "-B", "-ntp", "-f",
                copy.resolve("pom.xml").toString()));
        String localRepository = System.getProperty("it.localRepository", "");
        if (!localRepository.isEmpty()) {
            command.add("-Dmaven.repo.local=" + localRepository);
        }
        command.addAll(List.of("deploy", "-Prelease", "-Drevision=" + version, "-pl", MODULES, "-am",
                "-Dmaven.test.skip=true", "-Dmaven.install.skip=true",
                "-DaltDeploymentRepository=rehearsal::" + repository(copy.getFileName().toString()).toUri()));
        command.addAll(List.of(signing));
        return new Command(command, Map.of("MAVEN_OPTS", "")).run(Duration.ofMinutes(15));
    }

    private static String throwawayKey(Path home) {
        Command.Result generate = Command.of("gpg", "--homedir", home.toString(), "--batch", "--pinentry-mode", "loopback",
                "--passphrase", "", "--quick-gen-key", "migration-chart release rehearsal <rehearsal@example.invalid>",
                "ed25519", "sign", "1d").run(Duration.ofMinutes(1));
        assertTrue(generate.succeeded(), generate.describe());
        Command.Result list = Command.of("gpg", "--homedir", home.toString(), "--batch", "--with-colons",
                "--list-secret-keys").run(Duration.ofMinutes(1));
        assertTrue(list.succeeded(), list.describe());
        return list.stdout().lines().filter(line -> line.startsWith("fpr:")).map(line -> line.split(":")[9]).findFirst()
                .orElseThrow(() -> new AssertionError("no key fingerprint in " + list.describe()));
    }

    private static void copySources(Path target) throws IOException {
        for (String source : SOURCES) {
            Path from = ROOT.resolve(source);
            try (Stream<Path> walk = Files.walk(from)) {
                for (Path path : (Iterable<Path>) walk::iterator) {
                    Path relative = ROOT.relativize(path);
                    if (isBuildOutput(relative)) {
                        continue;
                    }
                    Path to = target.resolve(relative.toString());
                    if (Files.isDirectory(path)) {
                        Files.createDirectories(to);
                    } else {
                        Files.createDirectories(to.getParent());
                        Files.copy(path, to, StandardCopyOption.COPY_ATTRIBUTES);
                    }
                }
            }
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path path : (Iterable<Path>) walk::iterator) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target);
                }
            }
        }
    }

    /** Inside a module's target/, or a POM flatten-maven-plugin wrote. */
    private static boolean isBuildOutput(Path relative) {
        for (Path name : relative) {
            if (name.toString().equals("target") || name.toString().equals(".flattened-pom.xml")) {
                return true;
            }
        }
        return false;
    }
}
