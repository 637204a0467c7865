package io.github.migrationchart.core.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The schema migration Job, run by Helm as a {@code pre-install,pre-upgrade} hook.
 *
 * @param enabled               whether the chart has a migration Job at all
 * @param preset                the tool preset the command, args and env came from ({@link MigrationPreset#NONE} if none)
 * @param image                 image of the Job; empty fields mean "same as the application"
 * @param command               container command (entrypoint); empty keeps the image's
 * @param args                  container args, e.g. {@code [php, artisan, migrate, --force]}
 * @param env                   plain environment variables, in order
 * @param envSources            environment variables whose values come from elsewhere (a Secret's key), in order
 * @param configMapRefs         existing ConfigMaps read through envFrom
 * @param secretRefs            existing Secrets read through envFrom
 * @param useAppConfig          whether the Job also reads the chart's own ConfigMap (through a hook copy)
 * @param backoffLimit          retries after a failed pod
 * @param activeDeadlineSeconds the Job fails after this long; keep it below Helm's --timeout
 * @param resources             container resources
 * @param serviceAccountName    service account of the Job pod; empty for the namespace default
 * @param hookWeight            Helm hook weight of the Job
 * @param hookDeletePolicy      Helm hook delete policy, comma separated
 * @param podAnnotations        annotations of the Job's pod, e.g. to keep mesh sidecars out
 * @param readOnlyRootFilesystem whether the container's root filesystem is read-only (/tmp stays writable)
 * @param mode                  run as a Helm hook, or as a hash-named Job for GitOps tools
 * @param appWait               whether (and how) the application waits for the Job to succeed
 * @param databaseWait          the wait-for-database init container of the Job's pod
 * @param contract              the contract Job run after the rollout ({@link MigrationContract#DISABLED} if none)
 * @param runAsUser             the numeric user and group of the Job's pod, each part as given or else the
 *                              preset's ({@link MigrationPreset#imageUser()}); see {@link ChartSpec#migrationRunAsUser()}
 *                              for the one the pod gets
 */
public record MigrationSpec(
        boolean enabled,
        MigrationPreset preset,
        ImageSpec image,
        List<String> command,
        List<String> args,
        Map<String, String> env,
        Map<String, EnvVarSource> envSources,
        List<String> configMapRefs,
        List<String> secretRefs,
        boolean useAppConfig,
        int backoffLimit,
        int activeDeadlineSeconds,
        ResourceSpec resources,
        String serviceAccountName,
        int hookWeight,
        String hookDeletePolicy,
        Map<String, String> podAnnotations,
        boolean readOnlyRootFilesystem,
        MigrationMode mode,
        MigrationWait appWait,
        DatabaseWait databaseWait,
        MigrationContract contract,
        RunAsUser runAsUser) {

    public static final int DEFAULT_BACKOFF_LIMIT = 1;
    /** 30 s below Helm's default --timeout of 300 s, so the Job's own error is what the user sees. */
    public static final int DEFAULT_ACTIVE_DEADLINE_SECONDS = 270;
    public static final int DEFAULT_HOOK_WEIGHT = 0;
    public static final String DEFAULT_HOOK_DELETE_POLICY = "before-hook-creation";
    /** Service-mesh sidecars never exit and would keep the Job pod running forever. */
    public static final Map<String, String> DEFAULT_POD_ANNOTATIONS = Map.of(
            "sidecar.istio.io/inject", "false",
            "linkerd.io/inject", "disabled");

    public MigrationSpec {
        preset = preset == null ? MigrationPreset.NONE : preset;
        mode = mode == null ? MigrationMode.HELM_HOOKS : mode;
        appWait = appWait == null ? MigrationWait.DISABLED : appWait;
        contract = contract == null ? MigrationContract.DISABLED : contract;
        databaseWait = databaseWait == null ? DatabaseWait.presetDefault(preset) : databaseWait;
        image = image == null ? ImageSpec.INHERIT : image;
        command = Collections2.copy(command);
        args = Collections2.copy(args);
        env = Collections2.ordered(env);
        envSources = Collections2.ordered(envSources);
        configMapRefs = Collections2.copy(configMapRefs);
        secretRefs = Collections2.copy(secretRefs);
        resources = resources == null ? ResourceSpec.MIGRATION_DEFAULT : resources;
        serviceAccountName = Collections2.orEmpty(serviceAccountName);
        hookDeletePolicy = Collections2.orEmpty(hookDeletePolicy);
        podAnnotations = Collections2.sorted(podAnnotations);
        runAsUser = runAsUser == null ? RunAsUser.UNKNOWN : runAsUser;
    }

    /** A chart without a migration Job. */
    public static MigrationSpec disabled() {
        return builder().enabled(false).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builder holding the defaults of {@code migration-job-practices.md}. Command, args and env
     * that are not set come from the preset (with a contract phase, the preset's expand args and
     * contract args); env entries that are set win over the preset's, and
     * so does each part of a runAsUser over the preset's image user, and an env source over a
     * preset's plain variable of the same name.
     */
    public static final class Builder {
        private boolean enabled = true;
        private MigrationPreset preset = MigrationPreset.NONE;
        private ImageSpec image = ImageSpec.INHERIT;
        private List<String> command;
        private List<String> args;
        private Map<String, String> env = Map.of();
        private Map<String, EnvVarSource> envSources = Map.of();
        private List<String> configMapRefs = List.of();
        private List<String> secretRefs = List.of();
        private boolean useAppConfig = true;
        private int backoffLimit = DEFAULT_BACKOFF_LIMIT;
        private int activeDeadlineSeconds = DEFAULT_ACTIVE_DEADLINE_SECONDS;
        private ResourceSpec resources = ResourceSpec.MIGRATION_DEFAULT;
        private String serviceAccountName = "";
        private int hookWeight = DEFAULT_HOOK_WEIGHT;
        private String hookDeletePolicy = DEFAULT_HOOK_DELETE_POLICY;
        private Map<String, String> podAnnotations = DEFAULT_POD_ANNOTATIONS;
        private Boolean readOnlyRootFilesystem;
        private MigrationMode mode = MigrationMode.HELM_HOOKS;
        private MigrationWait appWait = MigrationWait.DISABLED;
        private MigrationContract contract = MigrationContract.DISABLED;
        private DatabaseWait databaseWait;
        private RunAsUser runAsUser = RunAsUser.UNKNOWN;

        private Builder() {}

        public Builder enabled(boolean value) { this.enabled = value; return this; }
        public Builder preset(MigrationPreset value) { this.preset = value; return this; }
        public Builder image(ImageSpec value) { this.image = value; return this; }
        public Builder command(List<String> value) { this.command = value; return this; }
        public Builder args(List<String> value) { this.args = value; return this; }
        public Builder env(Map<String, String> value) { this.env = value; return this; }
        public Builder envSources(Map<String, EnvVarSource> value) { this.envSources = value; return this; }
        public Builder configMapRefs(List<String> value) { this.configMapRefs = value; return this; }
        public Builder secretRefs(List<String> value) { this.secretRefs = value; return this; }
        public Builder useAppConfig(boolean value) { this.useAppConfig = value; return this; }
        public Builder backoffLimit(int value) { this.backoffLimit = value; return this; }
        public Builder activeDeadlineSeconds(int value) { this.activeDeadlineSeconds = value; return this; }
        public Builder resources(ResourceSpec value) { this.resources = value; return this; }
        public Builder serviceAccountName(String value) { this.serviceAccountName = value; return this; }
        public Builder hookWeight(int value) { this.hookWeight = value; return this; }
        public Builder hookDeletePolicy(String value) { this.hookDeletePolicy = value; return this; }
        public Builder podAnnotations(Map<String, String> value) { this.podAnnotations = value; return this; }
        public Builder readOnlyRootFilesystem(boolean value) { this.readOnlyRootFilesystem = value; return this; }
        public Builder mode(MigrationMode value) { this.mode = value; return this; }
        public Builder appWait(MigrationWait value) { this.appWait = value; return this; }
        public Builder contract(MigrationContract value) { this.contract = value; return this; }
        public Builder databaseWait(DatabaseWait value) { this.databaseWait = value; return this; }
        public Builder runAsUser(RunAsUser value) { this.runAsUser = value; return this; }

        public MigrationSpec build() {
            Map<String, String> mergedEnv = new LinkedHashMap<>(preset.env());
            mergedEnv.putAll(env);
            // a variable given a source replaces the preset's plain value of that name
            mergedEnv.keySet().removeAll(envSources.keySet());
            return new MigrationSpec(enabled, preset, image,
                    command != null ? command : preset.command(),
                    args != null ? args : contract.enabled() ? preset.expandArgs() : preset.args(),
                    mergedEnv, envSources, configMapRefs, secretRefs, useAppConfig,
                    backoffLimit, activeDeadlineSeconds, resources, serviceAccountName, hookWeight,
                    hookDeletePolicy, podAnnotations,
                    readOnlyRootFilesystem != null ? readOnlyRootFilesystem : preset.readOnlyRootFilesystem(),
                    mode, appWait, databaseWait == null ? DatabaseWait.presetDefault(preset) : databaseWait.withPresetCheck(preset), contract.withPresetArgs(preset), (runAsUser == null ? RunAsUser.UNKNOWN : runAsUser).orElse(preset.imageUser()));
        }
    }
}
