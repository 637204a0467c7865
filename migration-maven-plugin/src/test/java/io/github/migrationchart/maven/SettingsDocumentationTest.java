package io.github.migrationchart.maven;

import io.github.migrationchart.plugins.common.MigrationSettings;
import io.github.migrationchart.plugins.common.PluginSettings;
import io.github.migrationchart.plugins.common.Setting;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Every setting is declared once, in {@link PluginSettings} and {@link MigrationSettings}; the
 * Mojo parameters (what {@code migration:help -Ddetail} prints and IDEs complete) and the README's
 * tables must say the same, or this test names the difference.
 */
class SettingsDocumentationTest {
    private static final Path README = Path.of("../README.md");
    private static final Pattern ROW = Pattern.compile("^\\|([^|]*)\\|([^|]*)\\|.*$", Pattern.MULTILINE);
    private static final Pattern CODE = Pattern.compile("`([^`]+)`");

    /** goal -> parameter name -> its property ("" for none), from the generated plugin descriptor. */
    private static Map<String, Map<String, String>> descriptor() throws Exception {
        Document document;
        try (InputStream in = SettingsDocumentationTest.class.getClassLoader().getResourceAsStream("META-INF/maven/plugin.xml")) {
            assertNotNull(in, "the plugin descriptor is generated before the tests run");
            document = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in);
        }
        Map<String, Map<String, String>> goals = new TreeMap<>();
        NodeList mojos = document.getElementsByTagName("mojo");
        for (int i = 0; i < mojos.getLength(); i++) {
            Element mojo = (Element) mojos.item(i);
            String goal = text(mojo, "goal");
            if (goal.equals("help")) {
                continue;
            }
            Map<String, String> parameters = new TreeMap<>();
            for (Element parameter : children(child(mojo, "parameters"), "parameter")) {
                if (text(parameter, "editable").equals("true")) {
                    parameters.put(text(parameter, "name"), "");
                }
            }
            Element configuration = child(mojo, "configuration");
            if (configuration != null) {
                for (Element value : children(configuration, null)) {
                    Matcher property = Pattern.compile("\\$\\{([^}]+)}").matcher(value.getTextContent());
                    if (parameters.containsKey(value.getTagName()) && property.matches()) {
                        parameters.put(value.getTagName(), property.group(1));
                    }
                }
            }
            goals.put(goal, parameters);
        }
        return goals;
    }

    @Test
    void everyGoalDeclaresExactlyTheRegisteredSettingsWithTheirProperties() throws Exception {
        Map<String, Map<String, String>> declared = descriptor();
        assertEquals(new TreeSet<>(PluginSettings.goals()), declared.keySet());
        for (String goal : PluginSettings.goals()) {
            Map<String, String> registered = PluginSettings.ofGoal(goal).stream()
                    .collect(Collectors.toMap(Setting::name, Setting::property, (a, b) -> a, TreeMap::new));
            assertEquals(registered, declared.get(goal), "migration:" + goal + ": parameters and properties");
        }
    }

    @Test
    void theReadmeListsEverySettingWithItsPropertyAndNoOtherProperty() throws Exception {
        String readme = Files.readString(README);
        List<String> missing = new ArrayList<>();
        Set<String> documentedProperties = new TreeSet<>();
        List<String[]> rows = new ArrayList<>();
        for (String table : propertyTables(readme)) {
            Matcher row = ROW.matcher(table);
            while (row.find()) {
                rows.add(new String[] {row.group(1), row.group(2)});
                codes(row.group(2)).stream().filter(code -> code.startsWith("migration.")).forEach(documentedProperties::add);
            }
        }
        Set<String> known = new TreeSet<>();
        for (String goal : PluginSettings.goals()) {
            for (Setting setting : PluginSettings.ofGoal(goal)) {
                known.add(setting.property());
                known.add(setting.deprecatedProperty());
                boolean listed = rows.stream().anyMatch(cells -> codes(cells[0]).contains(setting.name())
                        && (setting.property().isEmpty() || codes(cells[1]).contains(setting.property())));
                if (!listed) {
                    missing.add(goal + ": " + setting.name() + " " + setting.property());
                }
                if (!setting.deprecatedProperty().isEmpty() && !readme.contains("`" + setting.deprecatedProperty() + "`")) {
                    missing.add("former name " + setting.deprecatedProperty() + " of " + setting.property());
                }
            }
        }
        assertEquals(List.of(), missing.stream().distinct().toList(), "README rows missing");
        documentedProperties.removeAll(known);
        assertEquals(Set.of(), documentedProperties, "properties in the README that no setting has");
    }

    @Test
    void theReadmeListsEveryMigrationKeyAndNoOther() throws Exception {
        String readme = Files.readString(README);
        int start = readme.indexOf("`<migration>` keys, all optional:");
        int end = readme.indexOf("\n\n", readme.indexOf("| key |", start));
        Set<String> documented = new TreeSet<>();
        Matcher row = ROW.matcher(readme.substring(start, end));
        while (row.find()) {
            documented.addAll(codes(row.group(1)));
        }
        documented.remove("key");
        assertEquals(new TreeSet<>(MigrationSettings.keyNames()), documented);
        String waitRow = readme.substring(start, end).lines().filter(line -> line.startsWith("| `wait` |")).findFirst().orElse("");
        assertEquals(List.of(), MigrationSettings.waitKeyNames().stream().filter(key -> !waitRow.contains("`" + key + "`")).toList(),
                "wait keys in the README's wait row");
    }

    /** The README's tables whose second column names properties: their header says "property". */
    private static List<String> propertyTables(String readme) {
        List<String> tables = new ArrayList<>();
        for (String block : readme.split("\n(?!\\|)")) {
            // a block is a line that does not start with '|' and the table lines after it
            String table = block.lines().filter(line -> line.startsWith("|")).collect(Collectors.joining("\n"));
            String header = table.lines().findFirst().orElse("");
            if (header.split("\\|").length > 2 && header.split("\\|")[2].contains("property")) {
                tables.add(table);
            }
        }
        return tables;
    }

    private static List<String> codes(String cell) {
        List<String> codes = new ArrayList<>();
        Matcher code = CODE.matcher(cell);
        while (code.find()) {
            codes.add(code.group(1));
        }
        return codes;
    }

    private static Element child(Element parent, String name) {
        return children(parent, name).stream().findFirst().orElse(null);
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> children = new ArrayList<>();
        if (parent == null) {
            return children;
        }
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node node = nodes.item(i);
            if (node instanceof Element element && (name == null || element.getTagName().equals(name))) {
                children.add(element);
            }
        }
        return children;
    }

    private static String text(Element parent, String name) {
        Element child = child(parent, name);
        return child == null ? "" : child.getTextContent().strip();
    }
}
