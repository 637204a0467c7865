package io.github.migrationchart.maven;

import io.github.migrationchart.core.model.ChartSpec;
import io.github.migrationchart.plugins.common.Booleans;
import io.github.migrationchart.plugins.common.ChartSettings;
import io.github.migrationchart.plugins.common.ConfigNode;
import io.github.migrationchart.plugins.common.ConfigReader;
import io.github.migrationchart.plugins.common.ConfigurationErrors;
import io.github.migrationchart.plugins.common.DeprecatedProperties;
import io.github.migrationchart.plugins.common.PluginSettings;
import io.github.migrationchart.plugins.common.ProjectLayout;
import io.github.migrationchart.plugins.common.Setting;
import io.github.migrationchart.plugins.common.Validated;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.PluginParameterExpressionEvaluator;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.codehaus.plexus.component.configurator.expression.ExpressionEvaluationException;
import org.codehaus.plexus.configuration.PlexusConfiguration;
import org.codehaus.plexus.util.xml.Xpp3Dom;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The POM settings that describe a chart, shared by every goal. This class only declares them for
 * Maven (their Javadoc is what {@code migration:help -Ddetail} prints) and hands them to the
 * Maven-free layer ({@link ChartSettings}, declared once in {@link PluginSettings}); reading,
 * validation and rendering live there and in migration-chart-core. Every value is a String, so
 * that a wrong one is reported by that layer, naming the setting, not by Maven's converter.
 */
abstract class AbstractChartMojo extends AbstractMojo {

    /** Name of the chart and prefix of every object in it: lowercase RFC 1123 label, at most 53 characters. */
    @Parameter(property = "migration.chart.name", defaultValue = "${project.artifactId}")
    String chartName;

    /** Chart version (SemVer 2). */
    @Parameter(property = "migration.chart.version", defaultValue = "${project.version}")
    String chartVersion;

    /** The chart's appVersion; also the image tag used when image.tag is emptied at deploy time. */
    @Parameter(property = "migration.chart.appVersion", defaultValue = "${project.version}")
    String appVersion;

    /** One-line description of the chart (Chart.yaml). Defaults to the project's description. */
    @Parameter(property = "migration.chart.description", defaultValue = "${project.description}")
    String chartDescription;

    /** Image repository of the application, without tag, e.g. {@code registry.example.com/team/api}. Required. */
    @Parameter(property = "migration.app.image")
    String image;

    /** Image tag of the application; the migration Job uses the same one unless told otherwise. */
    @Parameter(property = "migration.app.imageTag", defaultValue = "${project.version}")
    String imageTag;

    /**
     * Manifest digest of the application image ({@code sha256:...}): the pods then run
     * {@code image@digest}, exactly the image the build pushed. Empty: read from {@code imageDigestFile}.
     */
    @Parameter(property = "migration.app.imageDigest")
    String imageDigest;

    /**
     * File the image builder wrote the built image's digest to, pinned when {@code imageDigest} is
     * empty: Jib's {@code target/jib-image.json} by default (used only when it names this image), a
     * {@code docker buildx --metadata-file} JSON, or a file holding a digest. Relative to the project;
     * {@code none} deploys by tag.
     */
    @Parameter(property = "migration.app.imageDigestFile")
    String imageDigestFile;

    /** Image pull policy: Always, IfNotPresent or Never. */
    @Parameter(property = "migration.app.imagePullPolicy", defaultValue = "IfNotPresent")
    String imagePullPolicy;

    /** Port the application listens on. */
    @Parameter(property = "migration.app.containerPort", defaultValue = "8080")
    String containerPort;

    /** Number of application pods. */
    @Parameter(property = "migration.app.replicas", defaultValue = "1")
    String replicas;

    /** HTTP path of the liveness probe; none when empty. */
    @Parameter(property = "migration.app.livenessPath")
    String livenessPath;

    /** HTTP path of the readiness probe; none when empty. */
    @Parameter(property = "migration.app.readinessPath")
    String readinessPath;

    /**
     * Environment variables of the application: {@code <appEnv><LOG_LEVEL>info</LOG_LEVEL></appEnv>}, or from a
     * source: {@code <DB_PASSWORD><secretKeyRef><name>db</name><key>password</key></secretKeyRef></DB_PASSWORD>}.
     */
    @Parameter
    PlexusConfiguration appEnv;

    /**
     * Entries of the chart's ConfigMap: {@code <appConfig><APP_ENV>production</APP_ENV></appConfig>}. The
     * application and (unless {@code <migration><useAppConfig>false}) the migration Job read them as
     * environment variables. Never put secrets here; reference Secrets with {@code appSecretRefs}.
     */
    @Parameter
    PlexusConfiguration appConfig;

    /** Existing Secrets the application reads as environment variables (envFrom). */
    @Parameter
    PlexusConfiguration appSecretRefs;

    /**
     * Resource requests and limits of the application: {@code <requests><cpu>250m</cpu></requests>}.
     * Given, it replaces the default (requests 100m CPU, 256Mi memory, 64Mi ephemeral storage;
     * limits 1 CPU, 1Gi memory, 1Gi ephemeral storage) entirely.
     */
    @Parameter
    PlexusConfiguration appResources;

    /**
     * Run the application with a read-only root filesystem ({@code /tmp} stays writable). Turn it on
     * when the application writes nothing else: it blocks a whole class of attacks.
     */
    @Parameter(property = "migration.app.readOnlyRootFilesystem", defaultValue = "false")
    String appReadOnlyRootFilesystem;

    /**
     * Numeric uid the application's pods run as ({@code podSecurityContext.runAsUser}), e.g. {@code 1000}.
     * The pods run with {@code runAsNonRoot: true}: without a uid here the image's USER must be a
     * number, since the kubelet refuses an image whose USER is a name or root. Not 0. The build
     * warns when it is not set. The migration Job takes it too when it runs the same image, unless
     * its preset or {@code <migration><runAsUser>} says otherwise.
     */
    @Parameter(property = "migration.app.runAsUser")
    String runAsUser;

    /** Numeric gid the application's pods run as ({@code podSecurityContext.runAsGroup}), e.g. {@code 1000}; 0 is allowed. */
    @Parameter(property = "migration.app.runAsGroup")
    String runAsGroup;

    /**
     * The migration Job, run by Helm before every install and upgrade. Keys, all optional:
     * {@code enabled}, {@code preset}, {@code image}, {@code imageTag}, {@code imagePullPolicy} (empty: the application's),
     * {@code command} and {@code args} (lists; one of them is required when enabled), {@code imageDigest},
     * {@code env} (map; an entry may hold a {@code secretKeyRef}, {@code configMapKeyRef}, {@code fieldRef} or
     * {@code resourceFieldRef} instead of a value),
     * {@code configMapRefs} and {@code secretRefs} (lists of existing objects), {@code useAppConfig},
     * {@code backoffLimit}, {@code activeDeadlineSeconds}, {@code resources}, {@code serviceAccountName},
     * {@code hookWeight}, {@code hookDeletePolicy}, {@code podAnnotations},
     * {@code readOnlyRootFilesystem} (default: the preset's; false without one), {@code mode}
     * ({@code helm-hooks} or {@code gitops}), {@code wait} (keys {@code enabled}, {@code image},
     * {@code imageTag}, {@code imageDigest}, {@code timeoutSeconds}), {@code waitForDatabase} (keys {@code enabled},
     * {@code command}, {@code intervalSeconds}; default: on with the preset's check, where it has one),
     * {@code contract} (keys {@code enabled}, {@code command}, {@code args}, {@code activeDeadlineSeconds}), {@code runAsUser} and {@code runAsGroup} (numeric ids of
     * the Job's pod; default: the preset's image user, else the application's when the Job runs its
     * image). See the README for each.
     */
    @Parameter
    PlexusConfiguration migration;

    /**
     * Directory of the project's own chart files, merged into the generated chart on every build:
     * {@code templates/} (and {@code tests/}, other files) next to the generated ones, and a
     * {@code values.yaml} whose keys are merged into the generated values. Default
     * {@code src/main/helm}, when it exists.
     */
    @Parameter(property = "migration.chart.additions")
    String chartAdditions;

    /** Generate the chart's helm-unittest suites in {@code tests/} (run them with {@code helm unittest <chart>}). */
    @Parameter(property = "migration.chart.unitTests", defaultValue = "true")
    String unitTests;

    /** Skip this goal. */
    @Parameter(property = "migration.skip", defaultValue = "false")
    String skip;

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    MavenProject project;

    @Parameter(defaultValue = "${session}", readonly = true, required = true)
    MavenSession session;

    @Parameter(defaultValue = "${mojoExecution}", readonly = true, required = true)
    MojoExecution mojoExecution;

    /** Values given under the former names of the goal's properties, found once per execution. */
    private DeprecatedProperties deprecated;

    /** The goal's name, as in {@code migration:<goal>}. */
    abstract String goal();

    /** Runs the goal, unless {@code skip} says not to. */
    abstract void run() throws MojoExecutionException, MojoFailureException;

    @Override
    public final void execute() throws MojoExecutionException, MojoFailureException {
        List<String> errors = new ArrayList<>();
        boolean skipped = Booleans.read(skip, PluginSettings.SKIP, false, errors);
        if (!errors.isEmpty()) {
            throw new MojoFailureException(ConfigurationErrors.goalMessage(goal(), errors));
        }
        if (skipped) {
            getLog().info("Skipping migration:" + goal() + " (" + PluginSettings.SKIP.property() + "=true)");
            return;
        }
        deprecated = findDeprecatedProperties();
        deprecated.warnings().forEach(getLog()::warn);
        run();
    }

    /** The chart described by the POM, and every problem of its configuration. */
    final Validated<ChartSpec> chartSettings() {
        Map<String, ConfigNode> given = new LinkedHashMap<>();
        value(given, PluginSettings.CHART_NAME, chartName);
        value(given, PluginSettings.CHART_VERSION, chartVersion);
        value(given, PluginSettings.APP_VERSION, appVersion);
        value(given, PluginSettings.CHART_DESCRIPTION, chartDescription);
        value(given, PluginSettings.IMAGE, image);
        value(given, PluginSettings.IMAGE_TAG, imageTag);
        value(given, PluginSettings.IMAGE_DIGEST, imageDigest);
        value(given, PluginSettings.IMAGE_DIGEST_FILE, imageDigestFile);
        value(given, PluginSettings.IMAGE_PULL_POLICY, imagePullPolicy);
        value(given, PluginSettings.CONTAINER_PORT, containerPort);
        value(given, PluginSettings.REPLICAS, replicas);
        value(given, PluginSettings.LIVENESS_PATH, livenessPath);
        value(given, PluginSettings.READINESS_PATH, readinessPath);
        xml(given, PluginSettings.APP_ENV, appEnv);
        xml(given, PluginSettings.APP_CONFIG, appConfig);
        xml(given, PluginSettings.APP_SECRET_REFS, appSecretRefs);
        xml(given, PluginSettings.APP_RESOURCES, appResources);
        value(given, PluginSettings.APP_READ_ONLY_ROOT_FILESYSTEM, appReadOnlyRootFilesystem);
        value(given, PluginSettings.RUN_AS_USER, runAsUser);
        value(given, PluginSettings.RUN_AS_GROUP, runAsGroup);
        xml(given, PluginSettings.MIGRATION, migration);
        value(given, PluginSettings.CHART_ADDITIONS, chartAdditions);
        value(given, PluginSettings.UNIT_TESTS, unitTests);
        deprecated.values().forEach((name, value) -> given.put(name, ConfigNode.evaluatedValue(name, value)));

        ProjectLayout layout = new ProjectLayout(projectDirectory(), Path.of(project.getBuild().getDirectory()));
        Validated<ChartSpec> read = ChartSettings.read(given, new ConfigReader(this::evaluate), layout);
        read.notes().forEach(getLog()::info);
        List<String> errors = new ArrayList<>(UnknownParameters.find(project, mojoExecution));
        errors.addAll(read.errors());
        return new Validated<>(read.value(), errors);
    }

    /** Fails with every problem of the goal's own settings and of the chart's at once. */
    final ChartSpec validChart(List<String> goalErrors) throws MojoFailureException {
        return validChart(chartSettings(), goalErrors);
    }

    /** As {@link #validChart(List)}, for a chart already read. */
    final ChartSpec validChart(Validated<ChartSpec> chart, List<String> goalErrors) throws MojoFailureException {
        Optional<String> problems = ConfigurationErrors.of(goal(), goalErrors, chart.errors());
        if (problems.isPresent()) {
            throw new MojoFailureException(problems.get());
        }
        return chart.value();
    }

    /** The project's directory, against which relative paths in settings resolve. */
    final Path projectDirectory() {
        return project.getBasedir().toPath();
    }

    /** The value given under the former property name of {@code setting}, if it counts. */
    final Optional<String> deprecatedValue(Setting setting) {
        return Optional.ofNullable(deprecated.values().get(setting.name()));
    }

    private DeprecatedProperties findDeprecatedProperties() {
        Map<String, String> properties = new HashMap<>();
        project.getProperties().forEach((key, value) -> properties.put(String.valueOf(key), String.valueOf(value)));
        session.getSystemProperties().forEach((key, value) -> properties.put(String.valueOf(key), String.valueOf(value)));
        session.getUserProperties().forEach((key, value) -> properties.put(String.valueOf(key), String.valueOf(value)));
        return DeprecatedProperties.find(PluginSettings.ofGoal(goal()), properties, this::setInPom);
    }

    /** Whether the POM gives the setting itself, rather than leaving it to its property. */
    private boolean setInPom(Setting setting) {
        Xpp3Dom configuration = mojoExecution.getConfiguration();
        Xpp3Dom child = configuration == null ? null : configuration.getChild(setting.name());
        return child != null && child.getValue() != null && !child.getValue().equals("${" + setting.property() + "}");
    }

    private static void value(Map<String, ConfigNode> given, Setting setting, String value) {
        if (value != null) {
            given.put(setting.name(), ConfigNode.evaluatedValue(setting.name(), value));
        }
    }

    private static void xml(Map<String, ConfigNode> given, Setting setting, PlexusConfiguration value) {
        if (value != null) {
            given.put(setting.name(), PlexusNodes.of(value));
        }
    }

    private String evaluate(String raw) {
        try {
            Object value = new PluginParameterExpressionEvaluator(session, mojoExecution).evaluate(raw);
            return value == null ? "" : String.valueOf(value);
        } catch (ExpressionEvaluationException e) {
            throw new IllegalArgumentException("cannot evaluate the expression: " + e.getMessage(), e);
        }
    }
}
