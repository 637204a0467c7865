package io.github.migrationchart.it;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The migration-chart.yaml equivalent to a project's POM: the plugin-level {@code <configuration>}
 * of migration-maven-plugin, with the values the plugin takes from the project written out
 * ({@code chartName} the artifactId, the versions the project's, {@code chartDescription} its
 * description) and {@code ${project.*}} expressions evaluated. Lists and maps are told apart by the
 * published JSON Schema, as an editor would, so a schema that disagrees with the POM settings shows
 * up as a chart that differs.
 */
final class PomAsYaml {
    /** Settings of how a goal runs, which the test gives on the command line instead. */
    private static final Set<String> GOAL_SETTINGS = Set.of("outputDirectory", "skipLint", "force", "chartDirectory",
            "values", "set", "output", "releaseName", "namespace");
    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{([^}]+)}");

    private final Map<String, Object> schema;
    private final Map<String, String> project = new LinkedHashMap<>();

    private PomAsYaml(Map<String, Object> schema) {
        this.schema = schema;
    }

    static String convert(Path pom, Path schemaFile) throws IOException {
        Map<String, Object> schema = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(schemaFile));
        return new PomAsYaml(schema).yaml(pom);
    }

    private String yaml(Path pom) throws IOException {
        Element root = parse(pom).getDocumentElement();
        project.put("project.artifactId", text(child(root, "artifactId")));
        project.put("project.version", text(child(root, "version")));
        project.put("project.basedir", pom.toAbsolutePath().getParent().toString());
        project.put("project.build.directory", pom.toAbsolutePath().getParent().resolve("target").toString());
        Element description = child(root, "description");
        Element projectProperties = child(root, "properties");
        if (projectProperties != null) {
            for (Element property : children(projectProperties)) {
                project.put(property.getTagName(), text(property));
            }
        }
        Element configuration = pluginConfiguration(root);
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("chartName", project.get("project.artifactId"));
        settings.put("chartVersion", project.get("project.version"));
        settings.put("appVersion", project.get("project.version"));
        settings.put("imageTag", project.get("project.version"));
        if (description != null) {
            settings.put("chartDescription", text(description));
        }
        Map<String, Object> properties = properties(schema);
        for (Element setting : children(configuration)) {
            String name = setting.getTagName();
            if (GOAL_SETTINGS.contains(name)) {
                continue;
            }
            Map<String, Object> declared = properties.get(name) instanceof Map<?, ?> map ? cast(map) : null;
            if (declared == null) {
                throw new AssertionError("the schema has no key " + name + ", which " + pom + " sets");
            }
            settings.put(name, value(setting, declared, name));
        }
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setWidth(Integer.MAX_VALUE);
        return new Yaml(options).dump(settings);
    }

    private Object value(Element element, Map<String, Object> schemaNode, String path) {
        List<Element> children = children(element);
        if ("array".equals(schemaNode.get("type"))) {
            return children.stream().map(this::text).toList();
        }
        if (children.isEmpty()) {
            return text(element);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Object> properties = properties(schemaNode);
        for (Element child : children) {
            String key = child.getTagName();
            Object declared = properties.containsKey(key) ? properties.get(key) : schemaNode.get("additionalProperties");
            Map<String, Object> childSchema = declared instanceof Map<?, ?> map ? cast(map) : Map.of();
            List<Element> grandchildren = children(child);
            if (!properties.containsKey(key) && !grandchildren.isEmpty() && child(child, "name") != null
                    && grandchildren.size() <= 2 && grandchildren.stream().allMatch(g -> Set.of("name", "value").contains(g.getTagName()))) {
                // the long form of a key that is no XML name: <annotation><name>k</name><value>v</value></annotation>
                Element value = child(child, "value");
                out.put(text(child(child, "name")), value == null ? "" : text(value));
            } else if (!grandchildren.isEmpty() && childSchema.containsKey("anyOf")) {
                // an environment variable from a source: {secretKeyRef: {name: db, key: password}}
                out.put(key, nested(child));
            } else {
                out.put(key, value(child, childSchema, path + "." + key));
            }
        }
        return out;
    }

    private Map<String, Object> nested(Element element) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Element child : children(element)) {
            out.put(child.getTagName(), children(child).isEmpty() ? text(child) : nested(child));
        }
        return out;
    }

    /** The element's text as Maven reads a POM: trimmed, {@code ${project.*}} and properties evaluated. */
    private String text(Element element) {
        String raw = element.getTextContent().strip();
        Matcher matcher = EXPRESSION.matcher(raw);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String value = project.get(matcher.group(1));
            if (value == null) {
                throw new AssertionError("no value for ${" + matcher.group(1) + "} in " + raw);
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        return matcher.appendTail(out).toString();
    }

    private static Element pluginConfiguration(Element root) {
        for (Element plugin : children(child(child(root, "build"), "plugins"))) {
            if ("migration-maven-plugin".equals(child(plugin, "artifactId").getTextContent().strip())) {
                Element configuration = child(plugin, "configuration");
                if (configuration == null) {
                    throw new AssertionError("migration-maven-plugin has no plugin-level <configuration>");
                }
                return configuration;
            }
        }
        throw new AssertionError("no migration-maven-plugin in the POM");
    }

    private static Map<String, Object> properties(Map<String, Object> schemaNode) {
        return schemaNode.get("properties") instanceof Map<?, ?> map ? cast(map) : Map.of();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }

    private static Element child(Element parent, String name) {
        return children(parent).stream().filter(child -> child.getTagName().equals(name)).findFirst().orElse(null);
    }

    private static List<Element> children(Element parent) {
        List<Element> children = new ArrayList<>();
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element) {
                children.add(element);
            }
        }
        return children;
    }

    private static Document parse(Path pom) throws IOException {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder().parse(pom.toFile());
        } catch (ParserConfigurationException | SAXException e) {
            throw new IOException("cannot parse " + pom + ": " + e.getMessage(), e);
        }
    }
}
