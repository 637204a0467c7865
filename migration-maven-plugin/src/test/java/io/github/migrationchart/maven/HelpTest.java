package io.github.migrationchart.maven;

import io.github.migrationchart.plugins.common.MigrationSettings;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What {@code mvn migration:help -Ddetail} prints comes from the plugin descriptor, generated from
 * the Mojos' Javadoc: it must name every {@code <migration>} key the reader accepts, or the two drift.
 */
class HelpTest {

    private static String descriptor() throws IOException {
        try (InputStream in = HelpTest.class.getClassLoader().getResourceAsStream("META-INF/maven/plugin.xml")) {
            assertNotNull(in, "the plugin descriptor is generated before the tests run");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The description of the first parameter with that name (every goal describes it alike). */
    private static String parameterDescription(String descriptor, String name) {
        Matcher matcher = Pattern.compile("<name>" + name + "</name>.*?<description>(.*?)</description>", Pattern.DOTALL)
                .matcher(descriptor);
        assertTrue(matcher.find(), name);
        return matcher.group(1);
    }

    @Test
    void helpNamesEveryMigrationKey() throws IOException {
        String migration = parameterDescription(descriptor(), "migration");
        List<String> missing = MigrationSettings.keyNames().stream().sorted()
                .filter(key -> !Pattern.compile("\\b" + key + "\\b").matcher(migration).find())
                .toList();
        assertEquals(List.of(), missing, migration);
        MigrationSettings.waitKeyNames().forEach(key -> assertTrue(migration.contains(key), key));
    }

    @Test
    void runAsUserSettingsSayWhatTheyAreForAndTheirProperties() throws IOException {
        String descriptor = descriptor();
        assertTrue(parameterDescription(descriptor, "runAsUser").contains("runAsNonRoot"));
        assertTrue(descriptor.contains("<runAsUser implementation=\"java.lang.String\">${migration.app.runAsUser}</runAsUser>"), "property");
        assertTrue(descriptor.contains("<runAsGroup implementation=\"java.lang.String\">${migration.app.runAsGroup}</runAsGroup>"), "property");
    }
}
