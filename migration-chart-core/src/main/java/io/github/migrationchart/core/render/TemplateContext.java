package io.github.migrationchart.core.render;

import io.github.migrationchart.core.model.AppSpec;
import io.github.migrationchart.core.model.ChartSpec;
import io.github.migrationchart.core.model.EnvVarSource;
import io.github.migrationchart.core.model.ImageSpec;
import io.github.migrationchart.core.model.MigrationSpec;
import io.github.migrationchart.core.model.ResourceSpec;
import io.github.migrationchart.core.model.RunAsUser;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a chart spec into the plain maps and lists the templates read. The values are already
 * in their Kubernetes shape (env as EnvVar objects, envFrom as EnvFromSource objects), so
 * templates only place them.
 */
final class TemplateContext {
    private TemplateContext() {}

    /** The chart's description, or one that says what the chart does when none is given. */
    static String description(ChartSpec spec) {
        String given = spec.chart().description();
        return given.isEmpty()
                ? "Deploys " + spec.chart().name() + "; its database schema migration runs as a Job before every rollout."
                : given;
    }

    static Map<String, Object> of(ChartSpec spec) {
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("chart", map(
                "name", spec.chart().name(),
                "version", spec.chart().version(),
                "appVersion", spec.chart().appVersion(),
                "description", description(spec)));
        context.put("app", app(spec.app()));
        context.put("migration", migration(spec.migration(), spec.migrationRunAsUser()));
        context.put("references", references(spec));
        context.put("files", map("config", !spec.app().config().isEmpty(), "tests", spec.unitTests()));
        return context;
    }

    private static Map<String, Object> app(AppSpec app) {
        return map(
                "image", image(app.image()),
                "containerPort", app.containerPort(),
                "replicas", app.replicas(),
                "resources", resources(app.resources()),
                "livenessProbe", httpProbe(app.livenessPath()),
                "readinessProbe", app.readinessPath().isEmpty() ? tcpProbe() : httpProbe(app.readinessPath()),
                "env", envVars(app.env(), app.envSources()),
                "envFrom", envFrom(List.of(), app.secretRefs()),
                "config", app.config(),
                "secretRefs", app.secretRefs(),
                "readOnlyRootFilesystem", app.readOnlyRootFilesystem(),
                "runAs", runAs(app.runAsUser()));
    }

    private static Map<String, Object> migration(MigrationSpec migration, RunAsUser runAs) {
        return map(
                "enabled", migration.enabled(),
                "preset", migration.preset().id(),
                "presetRequires", migration.preset().requires(),
                "presetUser", map(
                        "known", migration.preset().imageUser().isKnown(),
                        "ids", ids(migration.preset().imageUser()),
                        "reason", migration.preset().imageUserReason()),
                "appEnv", envVars(migration.preset().appEnv(), Map.of()),
                "image", image(migration.image()),
                "command", migration.command(),
                "args", migration.args(),
                "env", envVars(migration.env(), migration.envSources()),
                "envFrom", envFrom(migration.configMapRefs(), migration.secretRefs()),
                "useAppConfig", migration.useAppConfig(),
                "backoffLimit", migration.backoffLimit(),
                "activeDeadlineSeconds", migration.activeDeadlineSeconds(),
                "resources", resources(migration.resources()),
                "serviceAccountName", migration.serviceAccountName(),
                "hookWeight", migration.hookWeight(),
                "hookDeletePolicy", migration.hookDeletePolicy(),
                "podAnnotations", migration.podAnnotations(),
                "readOnlyRootFilesystem", migration.readOnlyRootFilesystem(),
                "runAs", runAs(runAs),
                "mode", migration.mode().id(),
                "wait", map(
                        "enabled", migration.appWait().enabled(),
                        "image", map("repository", migration.appWait().imageRepository(), "tag", migration.appWait().imageTag(),
                                "digest", migration.appWait().imageDigest()),
                        "timeoutSeconds", migration.appWait().timeoutSeconds()),
                "waitForDatabase", map(
                        "enabled", migration.databaseWait().enabled(),
                        "command", migration.databaseWait().command(),
                        "intervalSeconds", migration.databaseWait().intervalSeconds(),
                        "presetCheck", !migration.databaseWait().command().isEmpty()
                                && migration.databaseWait().command().equals(migration.preset().databaseCheck())),
                "contract", map(
                        "enabled", migration.contract().enabled(),
                        "command", migration.contract().command(),
                        "args", migration.contract().args(),
                        "activeDeadlineSeconds", migration.contract().activeDeadlineSeconds()));
    }

    /**
     * The pod's numeric user and group, each with a flag: templates write a key only when its id is
     * known, and an id of 0 (a valid group) must not read as "unset".
     */
    private static Map<String, Object> runAs(RunAsUser user) {
        return map(
                "hasUser", user.uid().isPresent(), "user", user.uid().orElse(0),
                "hasGroup", user.gid().isPresent(), "group", user.gid().orElse(0));
    }

    /** "uid 1001, gid 1001" for comments and docs. */
    private static String ids(RunAsUser user) {
        List<String> parts = new ArrayList<>();
        user.uid().ifPresent(uid -> parts.add("uid " + uid));
        user.gid().ifPresent(gid -> parts.add("gid " + gid));
        return String.join(", ", parts);
    }

    /**
     * The image references the pods run with the generated values, as the chart's helpers compute
     * them: repository@digest when there is a digest, else repository:tag (the app's tag falling
     * back to appVersion, the Job's fields to the app's; the app's digest only while the Job names
     * neither a repository nor a tag of its own).
     */
    private static Map<String, Object> references(ChartSpec spec) {
        ImageSpec app = spec.app().image();
        ImageSpec job = spec.migration().image();
        String appTag = app.tag().isEmpty() ? spec.chart().appVersion() : app.tag();
        String jobDigest = !job.digest().isEmpty() || !job.repository().isEmpty() || !job.tag().isEmpty() ? job.digest() : app.digest();
        return map(
                "app", reference(app.repository(), appTag, app.digest()),
                "migration", reference(job.repository().isEmpty() ? app.repository() : job.repository(),
                        job.tag().isEmpty() ? appTag : job.tag(), jobDigest));
    }

    private static String reference(String repository, String tag, String digest) {
        return digest.isEmpty() ? repository + ":" + tag : repository + "@" + digest;
    }

    private static Map<String, Object> image(ImageSpec image) {
        return map("repository", image.repository(), "tag", image.tag(), "digest", image.digest(), "pullPolicy", image.pullPolicy());
    }

    private static Map<String, Object> resources(ResourceSpec resources) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (!resources.requests().isEmpty()) {
            out.put("requests", resources.requests());
        }
        if (!resources.limits().isEmpty()) {
            out.put("limits", resources.limits());
        }
        return out;
    }

    /** Without an HTTP path, a pod is ready once its port accepts connections. */
    private static Map<String, Object> tcpProbe() {
        return map("tcpSocket", map("port", "http"));
    }

    private static Map<String, Object> httpProbe(String path) {
        return path.isEmpty() ? Map.of() : map("httpGet", map("path", path, "port", "http"));
    }

    /** Plain variables first, in order, then those whose value comes from a source, in order. */
    private static List<Map<String, Object>> envVars(Map<String, String> env, Map<String, EnvVarSource> sources) {
        List<Map<String, Object>> vars = new ArrayList<>();
        env.forEach((name, value) -> vars.add(map("name", name, "value", value)));
        sources.forEach((name, source) -> vars.add(map("name", name, "valueFrom", map(source.kind(), sourceFields(source)))));
        return vars;
    }

    /** {@code optional} is a boolean in Kubernetes' schema; the other fields are strings. */
    private static Map<String, Object> sourceFields(EnvVarSource source) {
        Map<String, Object> fields = new LinkedHashMap<>();
        source.fields().forEach((field, value) -> fields.put(field, "optional".equals(field) ? Boolean.valueOf(value) : value));
        return fields;
    }

    private static List<Map<String, Object>> envFrom(List<String> configMaps, List<String> secrets) {
        List<Map<String, Object>> sources = new ArrayList<>();
        configMaps.forEach(name -> sources.add(map("configMapRef", map("name", name))));
        secrets.forEach(name -> sources.add(map("secretRef", map("name", name))));
        return sources;
    }

    /** An insertion-ordered map from alternating keys and values. */
    private static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
