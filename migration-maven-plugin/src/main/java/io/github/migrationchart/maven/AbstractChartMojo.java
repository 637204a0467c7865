package io.github.migrationchart.maven;

import io.github.migrationchart.core.model.AppSpec;
import io.github.migrationchart.core.model.ChartMetadata;
import io.github.migrationchart.core.model.ChartSpec;
import io.github.migrationchart.core.model.ResourceSpec;
import io.github.migrationchart.core.model.RunAsUser;
import io.github.migrationchart.core.validation.ChartSpecValidator;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.PluginParameterExpressionEvaluator;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.codehaus.plexus.component.configurator.expression.ExpressionEvaluationException;
import org.codehaus.plexus.configuration.PlexusConfiguration;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The POM settings that describe a chart, shared by every goal that renders one. This class only
 * maps settings onto the core model; validation and rendering live in migration-chart-core.
 */
abstract class AbstractChartMojo extends AbstractMojo {

    /** Name of the chart and prefix of every object in it: lowercase RFC 1123 label, at most 53 characters. */
    @Parameter(property = "migration.chartName", defaultValue = "${project.artifactId}")
    String chartName;

    /** Chart version (SemVer 2). */
    @Parameter(property = "migration.chartVersion", defaultValue = "${project.version}")
    String chartVersion;

    /** The chart's appVersion; also the image tag used when image.tag is emptied at deploy time. */
    @Parameter(property = "migration.appVersion", defaultValue = "${project.version}")
    String appVersion;

    /** One-line description of the chart (Chart.yaml). Defaults to the project's description. */
    @Parameter(property = "migration.chartDescription", defaultValue = "${project.description}")
    String chartDescription;

    /** Image repository of the application, without tag, e.g. {@code registry.example.com/team/api}. Required. */
    @Parameter(property = "migration.image")
    String image;

    /** Image tag of the application; the migration Job uses the same one unless told otherwise. */
    @Parameter(property = "migration.imageTag", defaultValue = "${project.version}")
    String imageTag;

    /** Image pull policy: Always, IfNotPresent or Never. */
    @Parameter(property = "migration.imagePullPolicy", defaultValue = "IfNotPresent")
    String imagePullPolicy;

    /** Port the application listens on. */
    @Parameter(property = "migration.containerPort", defaultValue = "8080")
    int containerPort;

    /** Number of application pods. */
    @Parameter(property = "migration.replicas", defaultValue = "1")
    int replicas;

    /** HTTP path of the liveness probe; none when empty. */
    @Parameter(property = "migration.livenessPath")
    String livenessPath;

    /** HTTP path of the readiness probe; none when empty. */
    @Parameter(property = "migration.readinessPath")
    String readinessPath;

    /** Plain environment variables of the application: {@code <appEnv><LOG_LEVEL>info</LOG_LEVEL></appEnv>}. */
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
    @Parameter(property = "migration.appReadOnlyRootFilesystem", defaultValue = "false")
    boolean appReadOnlyRootFilesystem;

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
     * {@code command} and {@code args} (lists; one of them is required when enabled), {@code env} (map),
     * {@code configMapRefs} and {@code secretRefs} (lists of existing objects), {@code useAppConfig},
     * {@code backoffLimit}, {@code activeDeadlineSeconds}, {@code resources}, {@code serviceAccountName},
     * {@code hookWeight}, {@code hookDeletePolicy}, {@code podAnnotations},
     * {@code readOnlyRootFilesystem} (default: the preset's; false without one), {@code mode}
     * ({@code helm-hooks} or {@code gitops}), {@code wait} (keys {@code enabled}, {@code image},
     * {@code imageTag}, {@code timeoutSeconds}), {@code runAsUser} and {@code runAsGroup} (numeric ids of
     * the Job's pod; default: the preset's image user, else the application's when the Job runs its
     * image). See the README for each.
     */
    @Parameter
    PlexusConfiguration migration;

    /** Generate the chart's helm-unittest suites in {@code tests/} (run them with {@code helm unittest <chart>}). */
    @Parameter(property = "migration.unitTests", defaultValue = "true")
    boolean unitTests;

    /** Skip this goal. */
    @Parameter(property = "migration.skip", defaultValue = "false")
    boolean skip;

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    MavenProject project;

    @Parameter(defaultValue = "${session}", readonly = true, required = true)
    MavenSession session;

    @Parameter(defaultValue = "${mojoExecution}", readonly = true, required = true)
    MojoExecution mojoExecution;

    /**
     * The chart described by the POM, or a failure listing every problem of the configuration, each
     * naming its POM setting, the bad value and how to fix it.
     */
    final ChartSpec chartSpec() throws MojoFailureException {
        ConfigReader reader = new ConfigReader(this::evaluate);
        ChartSpec spec = new ChartSpec(
                new ChartMetadata(orEmpty(chartName), orEmpty(chartVersion), orEmpty(appVersion), orEmpty(chartDescription)),
                appSpec(reader),
                MigrationSettings.read(migration, reader),
                unitTests);

        List<String> errors = new ArrayList<>(UnknownParameters.find(project, mojoExecution));
        errors.addAll(reader.errors());
        ChartSpecValidator.validate(spec).stream().map(SettingNames::describe).forEach(errors::add);
        if (!errors.isEmpty()) {
            throw new MojoFailureException(ConfigurationErrors.message(errors));
        }
        return spec;
    }

    private AppSpec appSpec(ConfigReader reader) {
        return AppSpec.builder(orEmpty(image))
                .imageTag(orEmpty(imageTag))
                .imagePullPolicy(orEmpty(imagePullPolicy))
                .containerPort(containerPort)
                .replicas(replicas)
                .livenessPath(orEmpty(livenessPath))
                .readinessPath(orEmpty(readinessPath))
                .env(appEnv == null ? Map.of() : reader.map(appEnv, "<appEnv>"))
                .config(appConfig == null ? Map.of() : new TreeMap<>(reader.map(appConfig, "<appConfig>")))
                .secretRefs(appSecretRefs == null ? List.of() : reader.list(appSecretRefs, "<appSecretRefs>"))
                .resources(ResourceSettings.read(appResources, "<appResources>", reader, ResourceSpec.APP_DEFAULT))
                .readOnlyRootFilesystem(appReadOnlyRootFilesystem)
                .runAsUser(new RunAsUser(reader.id(runAsUser, "<runAsUser>", "uid"), reader.id(runAsGroup, "<runAsGroup>", "gid")))
                .build();
    }

    private String evaluate(String raw) {
        try {
            Object value = new PluginParameterExpressionEvaluator(session, mojoExecution).evaluate(raw);
            return value == null ? "" : String.valueOf(value);
        } catch (ExpressionEvaluationException e) {
            throw new IllegalArgumentException("cannot evaluate the expression: " + e.getMessage(), e);
        }
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value.strip();
    }
}
