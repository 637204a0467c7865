package io.github.migrationchart.plugins.common;

import io.github.migrationchart.core.model.AppSpec;
import io.github.migrationchart.core.model.ChartAdditions;
import io.github.migrationchart.core.model.ChartMetadata;
import io.github.migrationchart.core.model.ChartSpec;
import io.github.migrationchart.core.model.ResourceSpec;
import io.github.migrationchart.core.model.RunAsUser;
import io.github.migrationchart.core.validation.ChartSpecValidator;
import io.github.migrationchart.core.validation.Problem;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
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
    /** The value of {@code <imageDigestFile>} that reads no file. */
    public static final String NO_FILE = "none";

    private final Map<String, ConfigNode> given;
    private final ConfigReader reader;
    private final ProjectLayout layout;
    private final List<String> notes = new ArrayList<>();

    private ChartSettings(Map<String, ConfigNode> given, ConfigReader reader, ProjectLayout layout) {
        this.given = given;
        this.reader = reader;
        this.layout = layout;
    }

    /** As {@link #read(Map, ConfigReader, ProjectLayout)} for a project in the working directory. */
    public static Validated<ChartSpec> read(Map<String, ConfigNode> given, ConfigReader reader) {
        Path here = Path.of("").toAbsolutePath();
        return read(given, reader, new ProjectLayout(here, here.resolve("target")));
    }

    /**
     * The chart, or the problems; a setting missing from {@code given} is unset.
     *
     * @param given  the settings, by name; plain values already evaluated, nested XML raw
     * @param reader evaluates the expressions of nested XML and collects type errors
     * @param layout where the files that settings name (the image digest, the chart additions) are
     */
    public static Validated<ChartSpec> read(Map<String, ConfigNode> given, ConfigReader reader, ProjectLayout layout) {
        ChartSettings settings = new ChartSettings(given, reader, layout);
        ChartSpec spec = new ChartSpec(
                new ChartMetadata(settings.text(CHART_NAME), settings.text(CHART_VERSION), settings.text(APP_VERSION),
                        settings.text(CHART_DESCRIPTION)),
                settings.app(),
                MigrationSettings.read(given.get(MIGRATION.name()), reader),
                settings.bool(UNIT_TESTS, true),
                settings.additions());
        List<String> errors = new ArrayList<>(reader.errors());
        ChartSpecValidator.validate(spec).stream().map(SettingNames::describe).forEach(errors::add);
        return new Validated<>(spec, errors, settings.notes);
    }

    private AppSpec app() {
        EnvSettings.Entries env = EnvSettings.read(node(APP_ENV).orElse(null), APP_ENV.element(), reader);
        String repository = text(IMAGE);
        String digest = text(IMAGE_DIGEST);
        return AppSpec.builder(repository)
                .imageTag(text(IMAGE_TAG))
                .imageDigest(digest.isEmpty() ? builtImageDigest(repository) : digest)
                .imagePullPolicy(text(IMAGE_PULL_POLICY))
                .containerPort(integer(CONTAINER_PORT, 8080))
                .replicas(integer(REPLICAS, 1))
                .livenessPath(text(LIVENESS_PATH))
                .readinessPath(text(READINESS_PATH))
                .env(env.values())
                .envSources(env.sources())
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

    /**
     * The digest of the image the build produced, from {@code <imageDigestFile>} (Jib's
     * target/jib-image.json by default, which may well not exist: not every build makes an image).
     */
    private String builtImageDigest(String repository) {
        String given = text(IMAGE_DIGEST_FILE);
        if (given.equals(NO_FILE)) {
            return "";
        }
        Optional<Path> resolved = path(IMAGE_DIGEST_FILE, given, layout.defaultImageDigestFile());
        if (resolved.isEmpty()) {
            return "";
        }
        Path file = resolved.get();
        if (!Files.isRegularFile(file)) {
            if (!file.equals(layout.defaultImageDigestFile())) {
                reader.error(IMAGE_DIGEST_FILE.display(), given, "does not exist (" + Problem.printable(file.toString()) + "); build the image before"
                        + " this goal runs, give the digest itself in " + IMAGE_DIGEST.element() + ", or set it to "
                        + NO_FILE + " to deploy by tag");
            }
            return "";
        }
        BuiltImageDigest.Found found = BuiltImageDigest.read(file, repository);
        if (!found.problem().isEmpty()) {
            reader.error(IMAGE_DIGEST_FILE.display(), layout.show(file), found.problem());
            return "";
        }
        if (found.digest().isEmpty()) {
            notes.add("Image not pinned by digest: " + layout.show(file) + " is for " + found.repository()
                    + ", not for " + repository + " (" + IMAGE.element() + ")");
            return "";
        }
        notes.add("Image " + repository + " pinned to " + found.digest().get() + ", the digest in " + layout.show(file)
                + " (" + IMAGE_DIGEST_FILE.display() + "; " + NO_FILE + " deploys by tag)");
        return found.digest().get();
    }

    /** The project's own chart files, from {@code <chartAdditions>} (src/main/helm by default, if it exists). */
    private ChartAdditions additions() {
        String given = text(CHART_ADDITIONS);
        Optional<Path> resolved = path(CHART_ADDITIONS, given, layout.defaultChartAdditions());
        if (resolved.isEmpty()) {
            return ChartAdditions.NONE;
        }
        Path directory = resolved.get();
        if (!Files.isDirectory(directory)) {
            if (!directory.equals(layout.defaultChartAdditions())) {
                reader.error(CHART_ADDITIONS.display(), given, "is not a directory (" + Problem.printable(directory.toString()) + "); give the directory"
                        + " of the project's own chart files (templates/, values.yaml), or leave it unset");
            }
            return ChartAdditions.NONE;
        }
        try {
            return ChartAdditions.fromDirectory(directory, layout.show(directory));
        } catch (IOException e) {
            reader.error(CHART_ADDITIONS.display(), layout.show(directory), "cannot be read: " + Problem.printable(String.valueOf(e.getMessage())));
            return ChartAdditions.NONE;
        }
    }

    /** The path a setting names, resolved against the project; {@code fallback} when unset. */
    private Optional<Path> path(Setting setting, String given, Path fallback) {
        if (given.isEmpty()) {
            return Optional.of(fallback);
        }
        try {
            return Optional.of(layout.resolve(given));
        } catch (InvalidPathException e) {
            reader.error(setting.display(), given, "is not a valid path: " + e.getReason());
            return Optional.empty();
        }
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
