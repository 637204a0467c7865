package io.github.migrationchart.maven;

import io.github.migrationchart.core.model.ImageSpec;
import io.github.migrationchart.core.model.MigrationMode;
import io.github.migrationchart.core.model.MigrationPreset;
import io.github.migrationchart.core.model.MigrationWait;
import io.github.migrationchart.core.model.MigrationSpec;
import io.github.migrationchart.core.model.ResourceSpec;
import io.github.migrationchart.core.model.RunAsUser;
import org.codehaus.plexus.configuration.PlexusConfiguration;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Maps the POM's {@code <migration>} element onto {@link MigrationSpec}. Every key is optional;
 * absent keys keep the defaults of {@link MigrationSpec.Builder}.
 */
final class MigrationSettings {
    static final String SETTING = "<migration>";

    static final Set<String> KEYS = Set.of(
            "enabled", "preset", "image", "imageTag", "imagePullPolicy", "command", "args", "env",
            "configMapRefs", "secretRefs", "useAppConfig", "backoffLimit", "activeDeadlineSeconds",
            "resources", "serviceAccountName", "hookWeight", "hookDeletePolicy", "podAnnotations",
            "readOnlyRootFilesystem", "mode", "wait", "runAsUser", "runAsGroup");

    static final Set<String> WAIT_KEYS = Set.of("enabled", "image", "imageTag", "timeoutSeconds");

    private MigrationSettings() {}

    /**
     * The migration Job described by {@code node}; a project without {@code <migration>} gets a
     * Job with the defaults, which validation then asks to complete with the migration command.
     */
    static MigrationSpec read(PlexusConfiguration node, ConfigReader reader) {
        MigrationSpec.Builder builder = MigrationSpec.builder();
        if (node == null) {
            return builder.build();
        }
        reader.rejectUnknownChildren(node, SETTING, KEYS);
        readPreset(node.getChild("preset", false), reader).ifPresent(builder::preset);
        String repository = "";
        String tag = "";
        String pullPolicy = "";
        OptionalInt uid = OptionalInt.empty();
        OptionalInt gid = OptionalInt.empty();
        for (PlexusConfiguration child : node.getChildren()) {
            String setting = SETTING + "<" + child.getName() + ">";
            switch (child.getName()) {
                case "enabled" -> builder.enabled(reader.bool(child, setting, true));
                case "preset" -> {
                    // read first, above: explicit keys override the preset's parts
                }
                case "image" -> repository = reader.text(child, setting);
                case "imageTag" -> tag = reader.text(child, setting);
                case "imagePullPolicy" -> pullPolicy = reader.text(child, setting);
                case "command" -> builder.command(reader.list(child, setting));
                case "args" -> builder.args(reader.list(child, setting));
                case "env" -> builder.env(reader.map(child, setting));
                case "configMapRefs" -> builder.configMapRefs(reader.list(child, setting));
                case "secretRefs" -> builder.secretRefs(reader.list(child, setting));
                case "useAppConfig" -> builder.useAppConfig(reader.bool(child, setting, true));
                case "backoffLimit" -> builder.backoffLimit(
                        reader.integer(child, setting, MigrationSpec.DEFAULT_BACKOFF_LIMIT));
                case "activeDeadlineSeconds" -> builder.activeDeadlineSeconds(
                        reader.integer(child, setting, MigrationSpec.DEFAULT_ACTIVE_DEADLINE_SECONDS));
                case "resources" -> builder.resources(
                        ResourceSettings.read(child, setting, reader, ResourceSpec.MIGRATION_DEFAULT));
                case "serviceAccountName" -> builder.serviceAccountName(reader.text(child, setting));
                case "hookWeight" -> builder.hookWeight(
                        reader.integer(child, setting, MigrationSpec.DEFAULT_HOOK_WEIGHT));
                case "hookDeletePolicy" -> builder.hookDeletePolicy(reader.text(child, setting));
                case "mode" -> readMode(child, setting, reader).ifPresent(builder::mode);
                case "wait" -> builder.appWait(readWait(child, setting, reader));
                case "readOnlyRootFilesystem" -> builder.readOnlyRootFilesystem(reader.bool(child, setting, false));
                case "podAnnotations" -> builder.podAnnotations(withDefaultAnnotations(reader.map(child, setting)));
                case "runAsUser" -> uid = reader.id(reader.text(child, setting), setting, "uid");
                case "runAsGroup" -> gid = reader.id(reader.text(child, setting), setting, "gid");
                default -> {
                    // reported by rejectUnknownChildren
                }
            }
        }
        return builder.image(new ImageSpec(repository, tag, pullPolicy)).runAsUser(new RunAsUser(uid, gid)).build();
    }

    private static Optional<MigrationMode> readMode(PlexusConfiguration node, String setting, ConfigReader reader) {
        String id = reader.text(node, setting);
        Optional<MigrationMode> mode = MigrationMode.byId(id);
        if (mode.isEmpty()) {
            reader.error(setting, id, "must be one of " + String.join(", ", MigrationMode.ids())
                    + " (helm-hooks: Helm runs the Job as a hook; gitops: Argo CD or kubectl apply the chart)");
        }
        return mode;
    }

    /** {@code <wait><enabled>true</enabled><image>...</image><imageTag>...</imageTag><timeoutSeconds>600</timeoutSeconds></wait>} */
    private static MigrationWait readWait(PlexusConfiguration node, String setting, ConfigReader reader) {
        reader.rejectUnknownChildren(node, setting, WAIT_KEYS);
        MigrationWait defaults = MigrationWait.DISABLED;
        PlexusConfiguration enabled = node.getChild("enabled", false);
        PlexusConfiguration image = node.getChild("image", false);
        PlexusConfiguration tag = node.getChild("imageTag", false);
        PlexusConfiguration timeout = node.getChild("timeoutSeconds", false);
        return new MigrationWait(
                enabled == null || reader.bool(enabled, setting + "<enabled>", true),
                image == null ? defaults.imageRepository() : reader.text(image, setting + "<image>"),
                tag == null ? defaults.imageTag() : reader.text(tag, setting + "<imageTag>"),
                timeout == null ? defaults.timeoutSeconds() : reader.integer(timeout, setting + "<timeoutSeconds>", defaults.timeoutSeconds()));
    }

    private static Optional<MigrationPreset> readPreset(PlexusConfiguration node, ConfigReader reader) {
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

    /** Given annotations win; the sidecar opt-outs stay unless the user sets those keys. */
    private static Map<String, String> withDefaultAnnotations(Map<String, String> given) {
        Map<String, String> merged = new LinkedHashMap<>(MigrationSpec.DEFAULT_POD_ANNOTATIONS);
        merged.putAll(given);
        return merged;
    }
}
