package io.github.migrationchart.core.render;

import io.github.migrationchart.core.model.AppSpec;
import io.github.migrationchart.core.model.ChartSpec;
import io.github.migrationchart.core.model.ImageSpec;
import io.github.migrationchart.core.model.MigrationSpec;
import io.github.migrationchart.core.model.ResourceSpec;

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
        context.put("migration", migration(spec.migration()));
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
                "env", envVars(app.env()),
                "envFrom", envFrom(List.of(), app.secretRefs()),
                "config", app.config(),
                "secretRefs", app.secretRefs(),
                "readOnlyRootFilesystem", app.readOnlyRootFilesystem());
    }

    private static Map<String, Object> migration(MigrationSpec migration) {
        return map(
                "enabled", migration.enabled(),
                "preset", migration.preset().id(),
                "presetRequires", migration.preset().requires(),
                "appEnv", envVars(migration.preset().appEnv()),
                "image", image(migration.image()),
                "command", migration.command(),
                "args", migration.args(),
                "env", envVars(migration.env()),
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
                "mode", migration.mode().id(),
                "wait", map(
                        "enabled", migration.appWait().enabled(),
                        "image", map("repository", migration.appWait().imageRepository(), "tag", migration.appWait().imageTag()),
                        "timeoutSeconds", migration.appWait().timeoutSeconds()));
    }

    private static Map<String, Object> image(ImageSpec image) {
        return map("repository", image.repository(), "tag", image.tag(), "pullPolicy", image.pullPolicy());
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

    private static List<Map<String, Object>> envVars(Map<String, String> env) {
        List<Map<String, Object>> vars = new ArrayList<>();
        env.forEach((name, value) -> vars.add(map("name", name, "value", value)));
        return vars;
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
