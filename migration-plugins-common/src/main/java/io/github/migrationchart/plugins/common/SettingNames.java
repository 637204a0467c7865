package io.github.migrationchart.plugins.common;

import io.github.migrationchart.core.validation.Problem;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Translates the model paths of core {@link Problem}s ({@code migration.image.tag}) into the POM
 * settings a user edits ({@code <migration><imageTag>}), so every error names what to change.
 */
public final class SettingNames {
    private static final Map<String, String> IMAGE = Map.of(
            "repository", "image",
            "tag", "imageTag",
            "digest", "imageDigest",
            "pullPolicy", "imagePullPolicy");
    /** {@code DB_PASSWORD.secretKeyRef.key}: an env entry's source and field, whatever dots the name has. */
    private static final Pattern ENV_SOURCE = Pattern.compile("(.+)\\.(secretKeyRef|configMapKeyRef|fieldRef|resourceFieldRef)(\\.(.+))?");

    /** Extra advice for settings whose default comes from the project, where the cause is not obvious. */
    private static final Map<String, String> DEFAULT_HINTS = Map.of(
            "chart.version", " (it defaults to the project version; set <chartVersion> when that is not SemVer)",
            "app.image.tag", " (it defaults to the project version; set <imageTag> to the tag you push)");

    /**
     * Model paths that core messages mention as the setting to change; {@link #translate} turns
     * them into POM settings. Values keys ({@code migration.podSecurityContext.runAsUser}) stay as they are.
     */
    private static final List<String> MENTIONED = List.of(
            "app.secretRefs", "migration.secretRefs",
            "app.runAsUser", "app.runAsGroup", "migration.runAsUser", "migration.runAsGroup");
    private static final Pattern MENTION = Pattern.compile("(?<![\\w.])("
            + String.join("|", MENTIONED.stream().map(Pattern::quote).toList()) + ")(?!\\w|\\.\\w)");

    private SettingNames() {}

    /**
     * The POM setting of a model path, e.g. {@code <migration><resources><limits><cpu>}: the
     * setting declared for the longest prefix of the path ({@link PluginSettings},
     * {@link MigrationSettings}), then one element per remaining part.
     */
    public static String of(String path) {
        if (path.startsWith("migration.")) {
            return MigrationSettings.KEYS.stream()
                    .filter(key -> path.equals(key.modelPath()) || path.startsWith(key.modelPath() + "."))
                    .max((a, b) -> Integer.compare(a.modelPath().length(), b.modelPath().length()))
                    .map(key -> MigrationSettings.SETTING + "<" + key.name() + ">" + rest(path, key.modelPath()))
                    .orElse(MigrationSettings.SETTING + rest(path, "migration"));
        }
        return PluginSettings.chartSettingOf(path)
                .map(setting -> setting.element() + rest(path, setting.modelPath()))
                .orElse(path);
    }

    /**
     * The parts of {@code path} after {@code prefix} as elements: {@code image.tag} becomes
     * {@code <imageTag>}; at most two parts, since a resource name such as nvidia.com/gpu contains dots itself.
     */
    private static String rest(String path, String prefix) {
        if (path.length() <= prefix.length()) {
            return "";
        }
        String remaining = path.substring(prefix.length() + 1);
        Matcher source = ENV_SOURCE.matcher(remaining);
        if (source.matches()) {
            return "<" + source.group(1) + "><" + source.group(2) + ">" + (source.group(4) == null ? "" : "<" + source.group(4) + ">");
        }
        String[] parts = remaining.split("\\.", 2);
        if (parts[0].equals("image") && parts.length == 2) {
            return "<" + IMAGE.getOrDefault(parts[1], parts[1]) + ">";
        }
        StringBuilder out = new StringBuilder();
        for (String part : parts) {
            out.append('<').append(part).append('>');
        }
        return out.toString();
    }

    /** The problem as one line in POM terms. */
    public static String describe(Problem problem) {
        return problem.describe(of(problem.path())) + DEFAULT_HINTS.getOrDefault(problem.path(), "");
    }

    /**
     * A problem about one entry of a map setting, such as {@code <appEnv><DB_PASSWORD>}, in POM terms;
     * model paths in the message are translated too.
     */
    public static String describeEntry(Problem problem) {
        return of(problem.path()) + "<" + problem.value() + "> " + translate(problem.message());
    }

    /** A core message with the model paths of the settings it mentions written as POM settings. */
    public static String translate(String message) {
        Matcher matcher = MENTION.matcher(message);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(out, Matcher.quoteReplacement(of(matcher.group(1))));
        }
        return matcher.appendTail(out).toString();
    }
}
