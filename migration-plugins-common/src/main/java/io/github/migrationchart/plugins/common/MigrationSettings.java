package io.github.migrationchart.plugins.common;

import io.github.migrationchart.core.model.DatabaseWait;
import io.github.migrationchart.core.model.ImageSpec;
import io.github.migrationchart.core.model.MigrationContract;
import io.github.migrationchart.core.model.MigrationMode;
import io.github.migrationchart.core.model.MigrationPreset;
import io.github.migrationchart.core.model.MigrationWait;
import io.github.migrationchart.core.model.MigrationSpec;
import io.github.migrationchart.core.model.ResourceSpec;
import io.github.migrationchart.core.model.RunAsUser;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/**
 * The {@code <migration>} keys, each declared once with the model path it sets and how it is read.
 * The reader, the unknown-key check and its "did you mean" suggestions use this table; tests
 * check the help text ({@code migration:help -Ddetail}) and the README against it. Every key is
 * optional; absent keys keep the defaults of {@link MigrationSpec.Builder}.
 */
public final class MigrationSettings {
    static final String SETTING = "<migration>";

    /** How one key's element is read into the Job being built. */
    @FunctionalInterface
    interface KeyReader {
        void read(ConfigNode node, String setting, ConfigReader reader, Draft draft);
    }

    /**
     * One {@code <migration>} key.
     *
     * @param name      the element name
     * @param modelPath the path core problems use for it, e.g. {@code migration.image.tag}
     */
    record Key(String name, String modelPath, KeyReader reader) {}

    /** The Job as read so far: the builder, and the parts that are set together at the end. */
    static final class Draft {
        final MigrationSpec.Builder builder = MigrationSpec.builder();
        String repository = "";
        String tag = "";
        String digest = "";
        String pullPolicy = "";
        OptionalInt uid = OptionalInt.empty();
        OptionalInt gid = OptionalInt.empty();

        MigrationSpec build() {
            return builder.image(new ImageSpec(repository, tag, digest, pullPolicy)).runAsUser(new RunAsUser(uid, gid)).build();
        }
    }

    /** Every key, in the order the README lists them. */
    static final List<Key> KEYS = List.of(
            new Key("enabled", "migration.enabled", (n, s, r, d) -> d.builder.enabled(r.bool(n, s, true))),
            // read before the others, whatever its position: explicit keys override the preset's parts
            new Key("preset", "migration.preset", (n, s, r, d) -> {}),
            new Key("image", "migration.image.repository", (n, s, r, d) -> d.repository = r.text(n, s)),
            new Key("imageTag", "migration.image.tag", (n, s, r, d) -> d.tag = r.text(n, s)),
            new Key("imageDigest", "migration.image.digest", (n, s, r, d) -> d.digest = r.text(n, s)),
            new Key("imagePullPolicy", "migration.image.pullPolicy", (n, s, r, d) -> d.pullPolicy = r.text(n, s)),
            new Key("command", "migration.command", (n, s, r, d) -> d.builder.command(r.list(n, s))),
            new Key("args", "migration.args", (n, s, r, d) -> d.builder.args(r.list(n, s))),
            new Key("env", "migration.env", (n, s, r, d) -> {
                EnvSettings.Entries env = EnvSettings.read(n, s, r);
                d.builder.env(env.values()).envSources(env.sources());
            }),
            new Key("configMapRefs", "migration.configMapRefs", (n, s, r, d) -> d.builder.configMapRefs(r.list(n, s))),
            new Key("secretRefs", "migration.secretRefs", (n, s, r, d) -> d.builder.secretRefs(r.list(n, s))),
            new Key("useAppConfig", "migration.useAppConfig", (n, s, r, d) -> d.builder.useAppConfig(r.bool(n, s, true))),
            new Key("backoffLimit", "migration.backoffLimit",
                    (n, s, r, d) -> d.builder.backoffLimit(r.integer(n, s, MigrationSpec.DEFAULT_BACKOFF_LIMIT))),
            new Key("activeDeadlineSeconds", "migration.activeDeadlineSeconds",
                    (n, s, r, d) -> d.builder.activeDeadlineSeconds(r.integer(n, s, MigrationSpec.DEFAULT_ACTIVE_DEADLINE_SECONDS))),
            new Key("resources", "migration.resources",
                    (n, s, r, d) -> d.builder.resources(ResourceSettings.read(n, s, r, ResourceSpec.MIGRATION_DEFAULT))),
            new Key("readOnlyRootFilesystem", "migration.readOnlyRootFilesystem",
                    (n, s, r, d) -> d.builder.readOnlyRootFilesystem(r.bool(n, s, false))),
            new Key("serviceAccountName", "migration.serviceAccountName", (n, s, r, d) -> d.builder.serviceAccountName(r.text(n, s))),
            new Key("hookWeight", "migration.hookWeight",
                    (n, s, r, d) -> d.builder.hookWeight(r.integer(n, s, MigrationSpec.DEFAULT_HOOK_WEIGHT))),
            new Key("hookDeletePolicy", "migration.hookDeletePolicy", (n, s, r, d) -> d.builder.hookDeletePolicy(r.text(n, s))),
            new Key("podAnnotations", "migration.podAnnotations",
                    (n, s, r, d) -> d.builder.podAnnotations(withDefaultAnnotations(r.map(n, s)))),
            new Key("mode", "migration.mode", (n, s, r, d) -> readMode(n, s, r).ifPresent(d.builder::mode)),
            new Key("wait", "migration.wait", (n, s, r, d) -> d.builder.appWait(readWait(n, s, r))),
            new Key("waitForDatabase", "migration.waitForDatabase", (n, s, r, d) -> d.builder.databaseWait(readDatabaseWait(n, s, r))),
            new Key("contract", "migration.contract", (n, s, r, d) -> d.builder.contract(readContract(n, s, r))),
            new Key("runAsUser", "migration.runAsUser", (n, s, r, d) -> d.uid = r.id(r.text(n, s), s, "uid")),
            new Key("runAsGroup", "migration.runAsGroup", (n, s, r, d) -> d.gid = r.id(r.text(n, s), s, "gid")));

    /** The keys of {@code <migration><wait>}, with the model paths they set. */
    static final Map<String, String> WAIT_KEYS = orderedMap(
            "enabled", "migration.wait.enabled",
            "image", "migration.wait.image.repository",
            "imageTag", "migration.wait.image.tag",
            "imageDigest", "migration.wait.image.digest",
            "timeoutSeconds", "migration.wait.timeoutSeconds");

    /** The keys of {@code <migration><waitForDatabase>}, with the model paths they set. */
    static final Map<String, String> DATABASE_WAIT_KEYS = orderedMap(
            "enabled", "migration.waitForDatabase.enabled",
            "command", "migration.waitForDatabase.command",
            "intervalSeconds", "migration.waitForDatabase.intervalSeconds");

    /** The keys of {@code <migration><contract>}, with the model paths they set. */
    static final Map<String, String> CONTRACT_KEYS = orderedMap(
            "enabled", "migration.contract.enabled",
            "command", "migration.contract.command",
            "args", "migration.contract.args",
            "activeDeadlineSeconds", "migration.contract.activeDeadlineSeconds");

    private static final Map<String, Key> BY_NAME = KEYS.stream()
            .collect(Collectors.toMap(Key::name, key -> key, (a, b) -> a, LinkedHashMap::new));

    private MigrationSettings() {}

    /** The names of the {@code <migration>} keys, in README order. */
    public static List<String> keyNames() {
        return KEYS.stream().map(Key::name).toList();
    }

    /** The names of the {@code <migration><wait>} keys. */
    public static List<String> waitKeyNames() {
        return List.copyOf(WAIT_KEYS.keySet());
    }

    /** The names of the {@code <migration><waitForDatabase>} keys. */
    public static List<String> databaseWaitKeyNames() {
        return List.copyOf(DATABASE_WAIT_KEYS.keySet());
    }

    /** The names of the {@code <migration><contract>} keys. */
    public static List<String> contractKeyNames() {
        return List.copyOf(CONTRACT_KEYS.keySet());
    }

    /**
     * The migration Job described by {@code node}; a project without {@code <migration>} gets a
     * Job with the defaults, which validation then asks to complete with the migration command.
     */
    static MigrationSpec read(ConfigNode node, ConfigReader reader) {
        Draft draft = new Draft();
        if (node == null) {
            return draft.build();
        }
        reader.rejectUnknownChildren(node, SETTING, BY_NAME.keySet());
        readPreset(node.child("preset").orElse(null), reader).ifPresent(draft.builder::preset);
        for (ConfigNode child : node.children()) {
            Key key = BY_NAME.get(child.name());
            if (key != null) {
                key.reader().read(child, SETTING + "<" + child.name() + ">", reader, draft);
            }
        }
        return draft.build();
    }

    private static Optional<MigrationMode> readMode(ConfigNode node, String setting, ConfigReader reader) {
        String id = reader.text(node, setting);
        Optional<MigrationMode> mode = MigrationMode.byId(id);
        if (mode.isEmpty()) {
            reader.error(setting, id, "must be one of " + String.join(", ", MigrationMode.ids())
                    + " (helm-hooks: Helm runs the Job as a hook; gitops: Argo CD or kubectl apply the chart)");
        }
        return mode;
    }

    /** {@code <wait><enabled>true</enabled><image>...</image><imageTag>...</imageTag><imageDigest>...</imageDigest><timeoutSeconds>600</timeoutSeconds></wait>} */
    private static MigrationWait readWait(ConfigNode node, String setting, ConfigReader reader) {
        reader.rejectUnknownChildren(node, setting, WAIT_KEYS.keySet());
        MigrationWait defaults = MigrationWait.DISABLED;
        ConfigNode enabled = node.child("enabled").orElse(null);
        ConfigNode image = node.child("image").orElse(null);
        ConfigNode tag = node.child("imageTag").orElse(null);
        ConfigNode digest = node.child("imageDigest").orElse(null);
        ConfigNode timeout = node.child("timeoutSeconds").orElse(null);
        return new MigrationWait(
                enabled == null || reader.bool(enabled, setting + "<enabled>", true),
                image == null ? defaults.imageRepository() : reader.text(image, setting + "<image>"),
                tag == null ? defaults.imageTag() : reader.text(tag, setting + "<imageTag>"),
                digest == null ? defaults.imageDigest() : reader.text(digest, setting + "<imageDigest>"),
                timeout == null ? defaults.timeoutSeconds() : reader.integer(timeout, setting + "<timeoutSeconds>", defaults.timeoutSeconds()));
    }

    /** {@code <waitForDatabase><enabled>true</enabled><command>...</command><intervalSeconds>2</intervalSeconds></waitForDatabase>} */
    private static DatabaseWait readDatabaseWait(ConfigNode node, String setting, ConfigReader reader) {
        reader.rejectUnknownChildren(node, setting, DATABASE_WAIT_KEYS.keySet());
        ConfigNode enabled = node.child("enabled").orElse(null);
        ConfigNode command = node.child("command").orElse(null);
        ConfigNode interval = node.child("intervalSeconds").orElse(null);
        int defaultInterval = DatabaseWait.DEFAULT_INTERVAL_SECONDS;
        return new DatabaseWait(
                enabled == null || reader.bool(enabled, setting + "<enabled>", true),
                command == null ? List.of() : reader.list(command, setting + "<command>"),
                interval == null ? defaultInterval : reader.integer(interval, setting + "<intervalSeconds>", defaultInterval));
    }

    /** {@code <contract><enabled>true</enabled><command>...</command><args>...</args><activeDeadlineSeconds>270</activeDeadlineSeconds></contract>} */
    private static MigrationContract readContract(ConfigNode node, String setting, ConfigReader reader) {
        reader.rejectUnknownChildren(node, setting, CONTRACT_KEYS.keySet());
        ConfigNode enabled = node.child("enabled").orElse(null);
        ConfigNode command = node.child("command").orElse(null);
        ConfigNode args = node.child("args").orElse(null);
        ConfigNode deadline = node.child("activeDeadlineSeconds").orElse(null);
        int defaultDeadline = MigrationContract.DEFAULT_ACTIVE_DEADLINE_SECONDS;
        return new MigrationContract(
                enabled == null || reader.bool(enabled, setting + "<enabled>", true),
                command == null ? List.of() : reader.list(command, setting + "<command>"),
                args == null ? List.of() : reader.list(args, setting + "<args>"),
                deadline == null ? defaultDeadline : reader.integer(deadline, setting + "<activeDeadlineSeconds>", defaultDeadline));
    }

    private static Optional<MigrationPreset> readPreset(ConfigNode node, ConfigReader reader) {
        if (node == null) {
            return Optional.empty();
        }
        String setting = SETTING + "<preset>";
        String id = reader.text(node, setting);
        Optional<MigrationPreset> preset = MigrationPreset.byId(id);
        if (preset.isEmpty()) {
            reader.error(setting, id, "is not a known preset." + Suggestions.closest(id, MigrationPreset.ids())
                    .map(c -> " Did you mean " + c + "?").orElse("")
                    + " Known presets: " + String.join(", ", MigrationPreset.ids()) + ".");
        }
        return preset;
    }

    private static Map<String, String> orderedMap(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return Collections.unmodifiableMap(map);
    }

    /** Given annotations win; the sidecar opt-outs stay unless the user sets those keys. */
    private static Map<String, String> withDefaultAnnotations(Map<String, String> given) {
        Map<String, String> merged = new LinkedHashMap<>(MigrationSpec.DEFAULT_POD_ANNOTATIONS);
        merged.putAll(given);
        return merged;
    }
}
