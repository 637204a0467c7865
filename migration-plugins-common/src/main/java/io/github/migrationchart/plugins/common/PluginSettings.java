package io.github.migrationchart.plugins.common;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Every top-level setting of every goal, declared once: its POM name, its {@code -D} property (and
 * the former name of that property), and the model path it sets. Property names say what they
 * set: {@code migration.chart.*} the chart's metadata, {@code migration.app.*} the application,
 * {@code migration.<goal>.*} how a goal runs. The build tool's own declarations (the Mojo
 * parameters, which {@code migration:help -Ddetail} prints) and the README are checked against this
 * list by tests.
 */
public final class PluginSettings {
    public static final Setting CHART_NAME = Setting.chart("chartName", "migration.chart.name", "migration.chartName", "chart.name");
    public static final Setting CHART_VERSION = Setting.chart("chartVersion", "migration.chart.version", "migration.chartVersion", "chart.version");
    public static final Setting APP_VERSION = Setting.chart("appVersion", "migration.chart.appVersion", "migration.appVersion", "chart.appVersion");
    public static final Setting CHART_DESCRIPTION = Setting.chart("chartDescription", "migration.chart.description", "migration.chartDescription", "chart.description");
    public static final Setting IMAGE = Setting.chart("image", "migration.app.image", "migration.image", "app.image.repository");
    public static final Setting IMAGE_TAG = Setting.chart("imageTag", "migration.app.imageTag", "migration.imageTag", "app.image.tag");
    public static final Setting IMAGE_DIGEST = Setting.chart("imageDigest", "migration.app.imageDigest", "", "app.image.digest");
    public static final Setting IMAGE_DIGEST_FILE = Setting.chart("imageDigestFile", "migration.app.imageDigestFile", "", "app.image.digestFile");
    public static final Setting IMAGE_PULL_POLICY = Setting.chart("imagePullPolicy", "migration.app.imagePullPolicy", "migration.imagePullPolicy", "app.image.pullPolicy");
    public static final Setting CONTAINER_PORT = Setting.chart("containerPort", "migration.app.containerPort", "migration.containerPort", "app.containerPort");
    public static final Setting REPLICAS = Setting.chart("replicas", "migration.app.replicas", "migration.replicas", "app.replicas");
    public static final Setting LIVENESS_PATH = Setting.chart("livenessPath", "migration.app.livenessPath", "migration.livenessPath", "app.livenessPath");
    public static final Setting READINESS_PATH = Setting.chart("readinessPath", "migration.app.readinessPath", "migration.readinessPath", "app.readinessPath");
    public static final Setting APP_ENV = Setting.chart("appEnv", "", "", "app.env");
    public static final Setting APP_CONFIG = Setting.chart("appConfig", "", "", "app.config");
    public static final Setting APP_SECRET_REFS = Setting.chart("appSecretRefs", "", "", "app.secretRefs");
    public static final Setting APP_RESOURCES = Setting.chart("appResources", "", "", "app.resources");
    public static final Setting APP_READ_ONLY_ROOT_FILESYSTEM = Setting.chart("appReadOnlyRootFilesystem",
            "migration.app.readOnlyRootFilesystem", "migration.appReadOnlyRootFilesystem", "app.readOnlyRootFilesystem");
    public static final Setting RUN_AS_USER = Setting.chart("runAsUser", "migration.app.runAsUser", "", "app.runAsUser");
    public static final Setting RUN_AS_GROUP = Setting.chart("runAsGroup", "migration.app.runAsGroup", "", "app.runAsGroup");
    public static final Setting MIGRATION = Setting.chart("migration", "", "", "migration");
    public static final Setting CHART_ADDITIONS = Setting.chart("chartAdditions", "migration.chart.additions", "", "chart.additions");
    public static final Setting UNIT_TESTS = Setting.chart("unitTests", "migration.chart.unitTests", "migration.unitTests", "chart.unitTests");
    public static final Setting SKIP = Setting.goal("skip", "migration.skip");

    /** The settings of every goal: the chart and {@code skip}. */
    public static final List<Setting> CHART = List.of(
            CHART_NAME, CHART_VERSION, APP_VERSION, CHART_DESCRIPTION, IMAGE, IMAGE_TAG, IMAGE_DIGEST, IMAGE_DIGEST_FILE,
            IMAGE_PULL_POLICY,
            CONTAINER_PORT, REPLICAS, LIVENESS_PATH, READINESS_PATH, APP_ENV, APP_CONFIG, APP_SECRET_REFS,
            APP_RESOURCES, APP_READ_ONLY_ROOT_FILESYSTEM, RUN_AS_USER, RUN_AS_GROUP, MIGRATION, CHART_ADDITIONS, UNIT_TESTS, SKIP);

    public static final Setting OUTPUT_DIRECTORY = Setting.goal("outputDirectory", "migration.outputDirectory");
    public static final Setting SKIP_LINT = Setting.goal("skipLint", "migration.lint.skip");
    public static final Setting FORCE = Setting.goal("force", "migration.force");

    /** What the goals that write the chart add: generate, render, package, deploy. */
    public static final List<Setting> GENERATING = List.of(OUTPUT_DIRECTORY, SKIP_LINT, FORCE);

    public static final Setting CHECK_CHART_DIRECTORY = new Setting("chartDirectory", "migration.check.chartDirectory",
            "migration.chartDirectory", "");
    public static final List<Setting> CHECK = List.of(CHECK_CHART_DIRECTORY);

    public static final Setting RENDER_VALUES = Setting.goal("values", "migration.render.values");
    public static final Setting RENDER_SET = Setting.goal("set", "migration.render.set");
    public static final Setting RENDER_OUTPUT = Setting.goal("output", "migration.render.output");
    public static final Setting RENDER_RELEASE_NAME = Setting.goal("releaseName", "migration.render.releaseName");
    public static final Setting RENDER_NAMESPACE = Setting.goal("namespace", "migration.render.namespace");
    public static final List<Setting> RENDER = List.of(RENDER_VALUES, RENDER_SET, RENDER_OUTPUT, RENDER_RELEASE_NAME, RENDER_NAMESPACE);

    public static final Setting PACKAGE_DIRECTORY = Setting.goal("packageDirectory", "migration.package.directory");
    public static final Setting PACKAGE_PUSH = Setting.goal("push", "migration.package.push");
    public static final Setting PACKAGE_PUSH_PLAIN_HTTP = Setting.goal("pushPlainHttp", "migration.package.push.plainHttp");
    public static final List<Setting> PACKAGE = List.of(PACKAGE_DIRECTORY, PACKAGE_PUSH, PACKAGE_PUSH_PLAIN_HTTP);

    public static final Setting DEPLOY_NAMESPACE = Setting.goal("namespace", "migration.deploy.namespace");
    public static final Setting DEPLOY_RELEASE_NAME = Setting.goal("releaseName", "migration.deploy.releaseName");
    public static final Setting DEPLOY_VALUES = Setting.goal("values", "migration.deploy.values");
    public static final Setting DEPLOY_SET = Setting.goal("set", "migration.deploy.set");
    public static final Setting DEPLOY_WAIT = Setting.goal("wait", "migration.deploy.wait");
    public static final Setting DEPLOY_TIMEOUT = Setting.goal("timeout", "migration.deploy.timeout");
    public static final Setting DEPLOY_POD_START_GRACE = Setting.goal("podStartGrace", "migration.deploy.podStartGrace");
    public static final Setting DEPLOY_KUBECONFIG = Setting.goal("kubeconfig", "migration.deploy.kubeconfig");
    public static final List<Setting> DEPLOY = List.of(DEPLOY_NAMESPACE, DEPLOY_RELEASE_NAME, DEPLOY_VALUES, DEPLOY_SET,
            DEPLOY_WAIT, DEPLOY_TIMEOUT, DEPLOY_POD_START_GRACE, DEPLOY_KUBECONFIG);

    private PluginSettings() {}

    /** Every setting of the goal, in declaration order. */
    public static List<Setting> ofGoal(String goal) {
        List<Setting> own = switch (goal) {
            case "generate" -> GENERATING;
            case "check" -> CHECK;
            case "render" -> concat(GENERATING, RENDER);
            case "package" -> concat(GENERATING, PACKAGE);
            case "deploy" -> concat(GENERATING, DEPLOY);
            default -> throw new IllegalArgumentException("no goal " + goal);
        };
        return concat(CHART, own);
    }

    /** The goals, as {@code migration:<goal>} names them (help aside). */
    public static List<String> goals() {
        return List.of("generate", "check", "render", "package", "deploy");
    }

    /** The chart setting whose model path is {@code path} or a prefix of it, the longest one. */
    static Optional<Setting> chartSettingOf(String path) {
        return CHART.stream()
                .filter(setting -> !setting.modelPath().isEmpty())
                .filter(setting -> path.equals(setting.modelPath()) || path.startsWith(setting.modelPath() + "."))
                .max((a, b) -> Integer.compare(a.modelPath().length(), b.modelPath().length()));
    }

    private static List<Setting> concat(List<Setting> first, List<Setting> second) {
        return Stream.concat(first.stream(), second.stream()).toList();
    }
}
