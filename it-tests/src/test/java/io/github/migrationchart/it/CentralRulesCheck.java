package io.github.migrationchart.it;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Maven Central's rules for the files of a release, checked offline on the repository a deploy
 * wrote them to (the layout of a Central Portal bundle, plus the {@code maven-metadata.xml} files
 * a repository keeps and a bundle leaves out): the files each component needs, their signatures
 * and checksums, the POM elements Central requires, and what this project promises its users on
 * top (the plugin's descriptor and dependency-reduced POM, the SBOM, a licence in every jar).
 *
 * <p>{@link #problems} returns every gap at once, one line each, naming the file.
 */
final class CentralRulesCheck {
    static final String GROUP = "io.github.migrationchart";
    static final String PARENT = "migration-chart-parent";
    /** Published; nothing else may be. */
    static final Set<String> PUBLISHED = Set.of(PARENT, "chart-templates", "migration-chart-core", "migration-maven-plugin");
    /** Libraries merged into the plugin's jar: its POM must not make users resolve them again. */
    private static final Set<String> MERGED = Set.of("migration-chart-core", "migration-plugins-common", "chart-templates", "jinjava", "jackson-databind",
            "snakeyaml", "guava");

    private final Map<String, byte[]> files;
    private final String version;
    private final Path gnupgHome;
    private final List<String> problems = new ArrayList<>();

    private CentralRulesCheck(Map<String, byte[]> files, String version, Path gnupgHome) {
        this.files = files;
        this.version = version;
        this.gnupgHome = gnupgHome;
    }

    /**
     * Every gap of the release {@code version} in {@code repository}; signatures verified with the
     * keys in {@code gnupgHome}.
     */
    static List<String> problems(Path repository, String version, Path gnupgHome) throws IOException {
        CentralRulesCheck check = new CentralRulesCheck(files(repository), version, gnupgHome);
        check.run();
        return check.problems;
    }

    /**
     * The files of {@code repository} by path ({@code /} separators), without the
     * {@code maven-metadata.xml} files and their checksums: Central makes its own.
     */
    static Map<String, byte[]> files(Path repository) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(repository)) {
            paths = walk.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path path : paths) {
            String name = repository.relativize(path).toString().replace('\\', '/');
            if (!path.getFileName().toString().startsWith("maven-metadata.xml")) {
                files.put(name, Files.readAllBytes(path));
            }
        }
        return files;
    }

    private void run() throws IOException {
        String groupPath = GROUP.replace('.', '/') + "/";
        Set<String> artifacts = new TreeSet<>();
        for (String name : files.keySet()) {
            if (!name.startsWith(groupPath)) {
                problems.add(name + ": outside the group " + GROUP);
                continue;
            }
            String[] parts = name.substring(groupPath.length()).split("/");
            if (parts.length != 3 || !parts[1].equals(version)) {
                problems.add(name + ": not <artifactId>/" + version + "/<file>");
                continue;
            }
            artifacts.add(parts[0]);
        }
        if (!artifacts.equals(PUBLISHED)) {
            problems.add("the release holds " + artifacts + ", not exactly the published " + new TreeSet<>(PUBLISHED));
        }
        for (String artifact : artifacts) {
            checkArtifact(groupPath + artifact + "/" + version + "/", artifact);
        }
    }

    private void checkArtifact(String directory, String artifact) throws IOException {
        String base = directory + artifact + "-" + version;
        List<String> required = new ArrayList<>(List.of(base + ".pom"));
        if (!artifact.equals(PARENT)) {
            required.addAll(List.of(base + ".jar", base + "-sources.jar", base + "-javadoc.jar"));
        }
        if (artifact.equals("migration-maven-plugin")) {
            required.addAll(List.of(base + "-cyclonedx.json", base + "-cyclonedx.xml"));
        }
        for (String file : required) {
            if (!files.containsKey(file)) {
                problems.add(file + ": missing");
            }
        }
        for (String file : files.keySet()) {
            if (file.startsWith(directory) && !isSidecar(file)) {
                checkSidecars(file);
            }
        }
        Optional.ofNullable(files.get(base + ".pom")).ifPresent(pom -> checkPom(base + ".pom", pom, artifact));
        if (files.containsKey(base + ".jar")) {
            Map<String, byte[]> jar = jarEntries(files.get(base + ".jar"));
            for (String notice : List.of("META-INF/LICENSE", "META-INF/NOTICE")) {
                if (!jar.containsKey(notice)) {
                    problems.add(base + ".jar: no " + notice);
                }
            }
            if (artifact.equals("migration-maven-plugin")) {
                checkPluginDescriptor(base + ".jar", jar.get("META-INF/maven/plugin.xml"));
            }
        }
        if (files.containsKey(base + "-javadoc.jar") && !jarEntries(files.get(base + "-javadoc.jar")).containsKey("index.html")) {
            problems.add(base + "-javadoc.jar: no index.html");
        }
        if (files.containsKey(base + "-sources.jar")
                && jarEntries(files.get(base + "-sources.jar")).keySet().stream().noneMatch(e -> e.endsWith(".java") || e.endsWith(".jinja"))) {
            problems.add(base + "-sources.jar: no source file");
        }
    }

    private static boolean isSidecar(String file) {
        return file.endsWith(".asc") || file.endsWith(".md5") || file.endsWith(".sha1") || file.endsWith(".sha256")
                || file.endsWith(".sha512");
    }

    /** {@code .md5} and {@code .sha1} that match, and an {@code .asc} that gpg verifies. */
    private void checkSidecars(String file) {
        byte[] content = files.get(file);
        for (Map.Entry<String, String> sum : Map.of(".md5", "MD5", ".sha1", "SHA-1").entrySet()) {
            byte[] given = files.get(file + sum.getKey());
            if (given == null) {
                problems.add(file + ": no " + sum.getKey() + " checksum");
            } else if (!new String(given, StandardCharsets.US_ASCII).strip().equals(hex(sum.getValue(), content))) {
                problems.add(file + sum.getKey() + ": does not match the file");
            }
        }
        byte[] signature = files.get(file + ".asc");
        if (signature == null) {
            problems.add(file + ": no .asc signature");
            return;
        }
        try {
            Path dir = Files.createTempDirectory("release-signature-");
            try {
                Path data = Files.write(dir.resolve("data"), content);
                Path asc = Files.write(dir.resolve("data.asc"), signature);
                Command.Result verify = Command.of("gpg", "--homedir", gnupgHome.toString(), "--batch", "--verify",
                        asc.toString(), data.toString()).run(Duration.ofMinutes(1));
                if (!verify.succeeded()) {
                    problems.add(file + ".asc: gpg --verify fails: " + verify.stderr().strip());
                }
            } finally {
                for (String name : List.of("data", "data.asc")) {
                    Files.deleteIfExists(dir.resolve(name));
                }
                Files.deleteIfExists(dir);
            }
        } catch (IOException e) {
            problems.add(file + ".asc: cannot verify: " + e.getMessage());
        }
    }

    private void checkPom(String file, byte[] pom, String artifact) {
        String text = new String(pom, StandardCharsets.UTF_8);
        // Maven 3 resolves the CI-friendly versions only inside the reactor that built them
        for (String placeholder : List.of("${revision}", "${sha1}", "${changelist}")) {
            if (text.contains(placeholder)) {
                problems.add(file + ": " + placeholder + " is left in it (flatten-maven-plugin did not run)");
            }
        }
        Element project = parse(file, pom);
        if (project == null) {
            return;
        }
        Element parentPom = artifact.equals(PARENT) ? null : parentOf(file, project);
        String groupId = Optional.ofNullable(text(project, "groupId")).orElse(parentPom == null ? null : text(parentPom, "groupId"));
        require(file, "groupId", GROUP.equals(groupId), "is " + groupId);
        require(file, "artifactId", artifact.equals(text(project, "artifactId")), "is " + text(project, "artifactId"));
        String pomVersion = Optional.ofNullable(text(project, "version")).orElse(text(child(project, "parent"), "version"));
        require(file, "version", version.equals(pomVersion) && !version.endsWith("-SNAPSHOT"), "is " + pomVersion);
        for (String element : List.of("name", "description")) {
            require(file, element, !isBlank(text(project, element)), "is missing");
        }
        for (String path : List.of("url", "licenses/license/name", "licenses/license/url", "developers/developer/name",
                "scm/connection", "scm/url")) {
            String value = Optional.ofNullable(text(project, path)).orElse(parentPom == null ? null : text(parentPom, path));
            require(file, path, !isBlank(value), "is missing (here and in the parent)");
        }
        if (artifact.equals("migration-maven-plugin")) {
            require(file, "packaging", "maven-plugin".equals(text(project, "packaging")), "is " + text(project, "packaging"));
            List<String> compile = new ArrayList<>();
            Element dependencies = child(project, "dependencies");
            for (Element dependency : children(dependencies, "dependency")) {
                String scope = Optional.ofNullable(text(dependency, "scope")).orElse("compile");
                if (scope.equals("compile") || scope.equals("runtime")) {
                    compile.add(text(dependency, "artifactId"));
                }
            }
            require(file, "dependencies", compile.equals(List.of("helm-java")),
                    "of compile and runtime scope are " + compile + ", not the dependency-reduced [helm-java] (merged: "
                            + MERGED.stream().filter(compile::contains).sorted().toList() + ")");
        }
    }

    private Element parentOf(String file, Element project) {
        Element parent = child(project, "parent");
        if (parent == null || !PARENT.equals(text(parent, "artifactId"))) {
            problems.add(file + ": <parent> is not " + GROUP + ":" + PARENT);
            return null;
        }
        String path = GROUP.replace('.', '/') + "/" + PARENT + "/" + version + "/" + PARENT + "-" + version + ".pom";
        byte[] pom = files.get(path);
        return pom == null ? null : parse(path, pom);
    }

    private void checkPluginDescriptor(String file, byte[] descriptor) {
        if (descriptor == null) {
            problems.add(file + ": no META-INF/maven/plugin.xml (plugin descriptor)");
            return;
        }
        Element plugin = parse(file + "!/META-INF/maven/plugin.xml", descriptor);
        if (plugin == null) {
            return;
        }
        require(file + "!/META-INF/maven/plugin.xml", "goalPrefix", "migration".equals(text(plugin, "goalPrefix")),
                "is " + text(plugin, "goalPrefix"));
        List<String> goals = children(child(plugin, "mojos"), "mojo").stream().map(mojo -> text(mojo, "goal")).sorted().toList();
        require(file + "!/META-INF/maven/plugin.xml", "mojos", goals.equals(List.of("check", "deploy", "generate", "help",
                "package", "render")), "are " + goals);
    }

    private void require(String file, String element, boolean holds, String otherwise) {
        if (!holds) {
            problems.add(file + ": <" + element + "> " + otherwise);
        }
    }

    private Element parse(String file, byte[] xml) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document document = factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
            return document.getDocumentElement();
        } catch (ParserConfigurationException | SAXException | IOException e) {
            problems.add(file + ": not well-formed XML: " + e.getMessage());
            return null;
        }
    }

    /** The text of the element at {@code path} (child names separated by '/'), or null. */
    static String text(Element element, String path) {
        Element current = element;
        for (String name : path.split("/")) {
            current = child(current, name);
        }
        return current == null ? null : current.getTextContent().strip();
    }

    private static Element child(Element parent, String name) {
        List<Element> found = children(parent, name);
        return found.isEmpty() ? null : found.get(0);
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        if (parent == null) {
            return found;
        }
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && element.getTagName().equals(name)) {
                found.add(element);
            }
        }
        return found;
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    static Map<String, byte[]> jarEntries(byte[] jar) throws IOException {
        Map<String, byte[]> entries = new TreeMap<>();
        try (InputStream bytes = new ByteArrayInputStream(jar); ZipInputStream in = new ZipInputStream(bytes)) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                if (!entry.isDirectory()) {
                    entries.put(entry.getName(), in.readAllBytes());
                }
            }
        }
        return entries;
    }

    static String hex(String algorithm, byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has " + algorithm, e);
        }
    }
}
