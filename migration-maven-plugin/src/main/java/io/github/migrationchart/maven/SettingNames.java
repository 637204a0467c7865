package io.github.migrationchart.maven;

import io.github.migrationchart.core.validation.Problem;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Translates the model paths of core {@link Problem}s ({@code migration.image.tag}) into the POM
 * settings a user edits ({@code <migration><imageTag>}), so every error names what to change.
 */
final class SettingNames {
    private static final Map<String, String> CHART = Map.of(
            "name", "chartName",
            "version", "chartVersion",
            "appVersion", "appVersion",
            "description", "chartDescription");

    /** Application settings whose POM name carries an "app" prefix, to tell them from the migration's. */
    private static final Map<String, String> APP = Map.of(
            "env", "appEnv",
            "config", "appConfig",
            "secretRefs", "appSecretRefs",
            "resources", "appResources");

    private static final Map<String, String> IMAGE = Map.of(
            "repository", "image",
            "tag", "imageTag",
            "pullPolicy", "imagePullPolicy");

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

    /** The POM setting of a model path, e.g. {@code <migration><resources><limits><cpu>}. */
    static String of(String path) {
        // At most 4 parts: a resource name such as nvidia.com/gpu contains dots itself.
        String[] parts = path.split("\\.", 4);
        return switch (parts[0]) {
            case "chart" -> "<" + CHART.getOrDefault(parts[1], parts[1]) + ">";
            case "app" -> {
                parts[1] = APP.getOrDefault(parts[1], parts[1]);
                yield elements(parts, 1);
            }
            case "migration" -> MigrationSettings.SETTING + elements(parts, 1);
            default -> path;
        };
    }

    /** The problem as one line in POM terms. */
    static String describe(Problem problem) {
        return problem.describe(of(problem.path())) + DEFAULT_HINTS.getOrDefault(problem.path(), "");
    }

    /**
     * A problem about one entry of a map setting, such as {@code <appEnv><DB_PASSWORD>}, in POM terms;
     * model paths in the message are translated too.
     */
    static String describeEntry(Problem problem) {
        return of(problem.path()) + "<" + problem.value() + "> " + translate(problem.message());
    }

    /** A core message with the model paths of the settings it mentions written as POM settings. */
    static String translate(String message) {
        Matcher matcher = MENTION.matcher(message);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(out, Matcher.quoteReplacement(of(matcher.group(1))));
        }
        return matcher.appendTail(out).toString();
    }

    private static String elements(String[] parts, int from) {
        StringBuilder out = new StringBuilder();
        for (int i = from; i < parts.length; i++) {
            if (parts[i].equals("image") && i + 1 < parts.length) {
                // image.repository -> <image>, image.tag -> <imageTag>, image.pullPolicy -> <imagePullPolicy>
                return out.append('<').append(IMAGE.getOrDefault(parts[i + 1], parts[i + 1])).append('>').toString();
            }
            out.append('<').append(parts[i]).append('>');
        }
        return out.toString();
    }
}
