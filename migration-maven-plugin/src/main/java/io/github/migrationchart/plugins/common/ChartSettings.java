package io.github.migrationchart.plugins.common;

import io.github.migrationchart.core.model.AppSpec;
import io.github.migrationchart.core.model.ChartMetadata;
import io.github.migrationchart.core.model.ChartSpec;
import io.github.migrationchart.core.model.ResourceSpec;
import io.github.migrationchart.core.model.RunAsUser;
import io.github.migrationchart.core.validation.ChartSpecValidator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static io.github.migrationchart.plugins.common.PluginSettings.*;

/**
 * Reads the chart's settings, as a build tool hands them over (one {@link ConfigNode} per setting
 * given, by {@link Setting#name()}), into a {@link ChartSpec}, and validates it: every problem at
 * once, each naming the setting, the bad value and how to fix it.
 */
public final class ChartSettings {
    private final Map<String, ConfigNode> given;
    private final ConfigReader reader;

    private ChartSettings(Map<String, ConfigNode> given, ConfigReader reader) {
        this.given = given;
        this.reader = reader;
    }

    /**
     * The chart, or the problems; a setting missing from {@code given} is unset.
     *
     * @param given  the settings, by name; plain values already evaluated, nested XML raw
     * @param reader evaluates the expressions of nested XML and collects type errors
     */
    public static Validated<ChartSpec> read(Map<String, ConfigNode> given, ConfigReader reader) {
        ChartSettings settings = new ChartSettings(given, reader);
        ChartSpec spec = new ChartSpec(
                new ChartMetadata(settings.text(CHART_NAME), settings.text(CHART_VERSION), settings.text(APP_VERSION),
                        settings.text(CHART_DESCRIPTION)),
                settings.app(),
                MigrationSettings.read(given.get(MIGRATION.name()), reader),
                settings.bool(UNIT_TESTS, true));
        List<String> errors = new ArrayList<>(reader.errors());
        ChartSpecValidator.validate(spec).stream().map(SettingNames::describe).forEach(errors::add);
        return Validated.of(spec, errors);
    }

    private AppSpec app() {
        return AppSpec.builder(text(IMAGE))
                .imageTag(text(IMAGE_TAG))
                .imagePullPolicy(text(IMAGE_PULL_POLICY))
                .containerPort(integer(CONTAINER_PORT, 8080))
                .replicas(integer(REPLICAS, 1))
                .livenessPath(text(LIVENESS_PATH))
                .readinessPath(text(READINESS_PATH))
                .env(node(APP_ENV).map(node -> reader.map(node, APP_ENV.element())).orElse(Map.of()))
                .config(node(APP_CONFIG).map(node -> (Map<String, String>) new TreeMap<>(reader.map(node, APP_CONFIG.element())))
                        .orElse(Map.of()))
                .secretRefs(node(APP_SECRET_REFS).map(node -> reader.list(node, APP_SECRET_REFS.element())).orElse(List.of()))
                .resources(ResourceSettings.read(node(APP_RESOURCES).orElse(null), APP_RESOURCES.element(), reader,
                        ResourceSpec.APP_DEFAULT))
                .readOnlyRootFilesystem(bool(APP_READ_ONLY_ROOT_FILESYSTEM, false))
                .runAsUser(new RunAsUser(
                        reader.id(text(RUN_AS_USER), RUN_AS_USER.display(), "uid"),
                        reader.id(text(RUN_AS_GROUP), RUN_AS_GROUP.display(), "gid")))
                .build();
    }

    private Optional<ConfigNode> node(Setting setting) {
        return Optional.ofNullable(given.get(setting.name()));
    }

    /** The trimmed text, {@code ""} when unset. */
    private String text(Setting setting) {
        return node(setting).map(node -> reader.text(node, setting.display())).orElse("");
    }

    /** A whole number; the default when unset or empty. */
    private int integer(Setting setting, int defaultValue) {
        return node(setting).filter(node -> !reader.text(node, setting.display()).isEmpty())
                .map(node -> reader.integer(node, setting.display(), defaultValue))
                .orElse(defaultValue);
    }

    /** {@code true} or {@code false}; the default when unset or empty. */
    private boolean bool(Setting setting, boolean defaultValue) {
        return node(setting).filter(node -> !reader.text(node, setting.display()).isEmpty())
                .map(node -> reader.bool(node, setting.display(), defaultValue))
                .orElse(defaultValue);
    }
}
