package io.github.migrationchart.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites the messages of the common layer, which name settings as POM elements
 * ({@code <migration><backoffLimit>}), into the terms of {@code migration-chart.yaml}: key paths
 * ({@code migration.backoffLimit}), YAML examples, and {@code migration-chart <command>} instead of
 * {@code mvn migration:<goal>}. Values quoted in a message ({@code = "<b>"}) are left alone: they
 * are what the user wrote. The {@code -D} properties stay: the command line takes them too.
 */
final class YamlNotation {
    /** A value as {@code Problem.describe} quotes it, with its escaped quotes. */
    private static final Pattern QUOTED = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");
    private static final Pattern LIST_EXAMPLE = Pattern.compile("<([\\w.-]+)><item>first</item><item>second</item>");
    private static final Pattern LONG_FORM_HINT = Pattern.compile(
            ", or <name>KEY</name><value>VALUE</value> for keys that are not valid XML element names");
    /** {@code <skipLint>true</skipLint>}: an element with its value, as an example of what to write. */
    private static final Pattern ELEMENT_WITH_VALUE = Pattern.compile("<([\\w.-]+)>([^<>]*)</\\1>");
    /** {@code <migration><wait><enabled>}: a setting's path in the POM. */
    private static final Pattern ELEMENT_PATH = Pattern.compile("(?:<[\\w.\\-/]+>)+");
    private static final Pattern ELEMENT = Pattern.compile("<([\\w.\\-/]+)>");
    private static final Pattern MAVEN_GOAL = Pattern.compile("(?:mvn )?migration:(generate|check|render|package|deploy)\\b");

    private final String file;

    /** @param file the configuration file's name as messages show it, e.g. {@code migration-chart.yaml} */
    YamlNotation(String file) {
        this.file = file;
    }

    /** The message in the file's terms. */
    String translate(String message) {
        StringBuilder out = new StringBuilder();
        Matcher quoted = QUOTED.matcher(message);
        int last = 0;
        while (quoted.find()) {
            out.append(outsideQuotes(message.substring(last, quoted.start()))).append(quoted.group());
            last = quoted.end();
        }
        return out.append(outsideQuotes(message.substring(last))).toString();
    }

    private String outsideQuotes(String text) {
        String result = text
                .replace("in the <configuration> of migration-maven-plugin", "in " + file)
                .replace("with your <configuration>", "with your " + file)
                .replace("a bug of migration-maven-plugin", "a bug of migration-chart")
                .replace("Fix them in pom.xml", "Fix them in " + file)
                .replace("what the POM generates", "what " + file + " generates")
                .replace("compare with the POM", "compare with " + file)
                .replace("in the POM", "in " + file)
                .replace("the POM sets", file + " sets")
                // the command line has no project whose version the chart and the image take
                .replace(" (it defaults to the project version; set <chartVersion> when that is not SemVer)", "")
                .replace("(it defaults to the project version; set <imageTag> to the tag you push)",
                        "(it defaults to appVersion, which defaults to chartVersion; set imageTag to the tag you push)")
                .replace("must list its items as child elements, one per item", "must be a list");
        result = LIST_EXAMPLE.matcher(result).replaceAll("$1: [first, second]");
        result = LONG_FORM_HINT.matcher(result).replaceAll("");
        result = ELEMENT_WITH_VALUE.matcher(result).replaceAll("$1: $2");
        result = ELEMENT_PATH.matcher(result).replaceAll(path -> Matcher.quoteReplacement(keyPath(path.group())));
        return MAVEN_GOAL.matcher(result).replaceAll("migration-chart $1");
    }

    /** {@code <migration><wait><enabled>} as {@code migration.wait.enabled}. */
    private static String keyPath(String elements) {
        List<String> names = new ArrayList<>();
        Matcher element = ELEMENT.matcher(elements);
        while (element.find()) {
            names.add(element.group(1));
        }
        return String.join(".", names);
    }
}
