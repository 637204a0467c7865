package io.github.migrationchart.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.github.migrationchart.core.model.EnvVarSource;
import io.github.migrationchart.core.model.MigrationPreset;
import io.github.migrationchart.plugins.common.MigrationSettings;
import io.github.migrationchart.plugins.common.Setting;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.StreamSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The published JSON Schema of migration-chart.yaml says what the command line reads: the same
 * keys at every level (so editors complete exactly them), and it accepts the examples' files.
 */
class SchemaTest {
    private static final Path SCHEMA = Path.of("src/main/resources/migration-chart.schema.json");
    private static final List<Path> EXAMPLES = List.of(
            Path.of("../examples/laravel-api/migration-chart.yaml"),
            Path.of("../examples/django-notes/migration-chart.yaml"));

    private final ObjectMapper json = new ObjectMapper();

    private JsonNode schema() throws IOException {
        return json.readTree(SCHEMA.toFile());
    }

    private static List<String> keys(JsonNode object) {
        List<String> keys = new ArrayList<>();
        object.get("properties").fieldNames().forEachRemaining(keys::add);
        return keys.stream().sorted().toList();
    }

    private static List<String> sorted(List<String> names) {
        return names.stream().sorted().toList();
    }

    @Test
    void itHasTheKeysTheCommandLineReads() throws IOException {
        JsonNode schema = schema();
        assertEquals(sorted(FileSettings.KEYS.stream().map(Setting::name).toList()), keys(schema));
        JsonNode migration = schema.get("properties").get("migration");
        assertEquals(sorted(MigrationSettings.keyNames()), keys(migration));
        assertEquals(sorted(MigrationSettings.waitKeyNames()), keys(migration.get("properties").get("wait")));
        assertEquals(sorted(MigrationSettings.databaseWaitKeyNames()), keys(migration.get("properties").get("waitForDatabase")));
        assertEquals(sorted(MigrationSettings.contractKeyNames()), keys(migration.get("properties").get("contract")));
        JsonNode sources = schema.get("properties").get("appEnv").get("additionalProperties").get("anyOf").get(1);
        for (EnvVarSource.Kind kind : EnvVarSource.KINDS) {
            JsonNode source = sources.get("properties").get(kind.name());
            List<String> fields = new ArrayList<>(kind.required());
            fields.addAll(kind.optional());
            assertEquals(sorted(fields), keys(source), kind.name());
            assertEquals(kind.required(), StreamSupport.stream(source.get("required").spliterator(), false).map(JsonNode::asText).toList());
        }
        List<String> presets = new ArrayList<>();
        migration.get("properties").get("preset").get("anyOf").get(0).get("enum").forEach(preset -> presets.add(preset.asText()));
        assertEquals(Arrays.stream(MigrationPreset.values()).filter(preset -> preset != MigrationPreset.NONE).map(MigrationPreset::id).sorted().toList(),
                presets);
    }

    @Test
    void itAcceptsTheExamplesAndRefusesWhatTheCommandLineRefuses() throws IOException {
        Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(Files.readString(SCHEMA));
        for (Path example : EXAMPLES) {
            List<Error> errors = schema.validate(yaml(Files.readString(example)));
            assertEquals(List.of(), errors.stream().map(Error::getMessage).toList(), example.toString());
        }
        List<String> errors = schema.validate(yaml("""
                chartName: api
                chartVersion: 1.0.0
                image: registry.example.com/team/api
                replicas: three
                migration:
                  args: php artisan migrate
                  preset: laraval
                  wait: {timeoutSecond: 3}
                appEnv:
                  DB_PASSWORD: {secretKeyRef: {name: db}}
                """)).stream().map(error -> error.getInstanceLocation() + " " + error.getMessage()).toList();
        for (String location : List.of("/replicas", "/migration/args", "/migration/preset", "/migration/wait", "/appEnv/DB_PASSWORD")) {
            assertTrue(errors.stream().anyMatch(error -> error.startsWith(location + " ") || error.startsWith(location + "/")),
                    location + " in " + errors);
        }
    }

    private JsonNode yaml(String text) {
        Object loaded = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
        return json.valueToTree(loaded);
    }

    @Test
    void theJarCarriesIt() throws IOException {
        try (InputStream in = SchemaTest.class.getResourceAsStream("/migration-chart.schema.json")) {
            assertEquals(Files.readString(SCHEMA), new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }
}
