package io.github.migrationchart.core.model;

import java.util.List;
import java.util.Map;

/**
 * The application the chart deploys as a Deployment and a Service.
 *
 * @param image         the application image; the migration Job uses it too unless overridden
 * @param containerPort port the application listens on
 * @param replicas      number of pods
 * @param resources     container resources
 * @param livenessPath  HTTP path of the liveness probe; empty for none
 * @param readinessPath HTTP path of the readiness probe; empty for none
 * @param env           plain (non-secret) environment variables, in order
 * @param envSources    environment variables whose values come from elsewhere (a Secret's key, a pod field), in order
 * @param config        entries of the chart's own ConfigMap, read by the app and the Job through envFrom
 * @param secretRefs    names of existing Secrets the app reads through envFrom
 * @param readOnlyRootFilesystem whether the container's root filesystem is read-only (/tmp stays writable)
 * @param runAsUser     the numeric user and group of the pods; unknown parts leave them to the image,
 *                      whose USER must then be numeric (the pods run with runAsNonRoot: true)
 */
public record AppSpec(
        ImageSpec image,
        int containerPort,
        int replicas,
        ResourceSpec resources,
        String livenessPath,
        String readinessPath,
        Map<String, String> env,
        Map<String, EnvVarSource> envSources,
        Map<String, String> config,
        List<String> secretRefs,
        boolean readOnlyRootFilesystem,
        RunAsUser runAsUser) {

    public AppSpec {
        image = image == null ? ImageSpec.INHERIT : image;
        resources = resources == null ? ResourceSpec.APP_DEFAULT : resources;
        livenessPath = Collections2.orEmpty(livenessPath);
        readinessPath = Collections2.orEmpty(readinessPath);
        env = Collections2.ordered(env);
        envSources = Collections2.ordered(envSources);
        config = Collections2.sorted(config);
        secretRefs = Collections2.copy(secretRefs);
        runAsUser = runAsUser == null ? RunAsUser.UNKNOWN : runAsUser;
    }

    public static Builder builder(String imageRepository) {
        return new Builder(imageRepository);
    }

    /** Builder with the defaults of a fresh chart: one replica, port 8080, IfNotPresent. */
    public static final class Builder {
        private String imageRepository;
        private boolean readOnlyRootFilesystem;
        private String imageTag = "";
        private String imageDigest = "";
        private String imagePullPolicy = "IfNotPresent";
        private int containerPort = 8080;
        private int replicas = 1;
        private ResourceSpec resources = ResourceSpec.APP_DEFAULT;
        private String livenessPath = "";
        private String readinessPath = "";
        private Map<String, String> env = Map.of();
        private Map<String, EnvVarSource> envSources = Map.of();
        private Map<String, String> config = Map.of();
        private List<String> secretRefs = List.of();
        private RunAsUser runAsUser = RunAsUser.UNKNOWN;

        private Builder(String imageRepository) {
            this.imageRepository = imageRepository;
        }

        public Builder imageRepository(String value) { this.imageRepository = value; return this; }
        public Builder imageTag(String value) { this.imageTag = value; return this; }
        public Builder imageDigest(String value) { this.imageDigest = value; return this; }
        public Builder imagePullPolicy(String value) { this.imagePullPolicy = value; return this; }
        public Builder containerPort(int value) { this.containerPort = value; return this; }
        public Builder replicas(int value) { this.replicas = value; return this; }
        public Builder resources(ResourceSpec value) { this.resources = value; return this; }
        public Builder livenessPath(String value) { this.livenessPath = value; return this; }
        public Builder readinessPath(String value) { this.readinessPath = value; return this; }
        public Builder env(Map<String, String> value) { this.env = value; return this; }
        public Builder envSources(Map<String, EnvVarSource> value) { this.envSources = value; return this; }
        public Builder config(Map<String, String> value) { this.config = value; return this; }
        public Builder secretRefs(List<String> value) { this.secretRefs = value; return this; }
        public Builder readOnlyRootFilesystem(boolean value) { this.readOnlyRootFilesystem = value; return this; }
        public Builder runAsUser(RunAsUser value) { this.runAsUser = value; return this; }

        public AppSpec build() {
            return new AppSpec(new ImageSpec(imageRepository, imageTag, imageDigest, imagePullPolicy), containerPort,
                    replicas, resources, livenessPath, readinessPath, env, envSources, config, secretRefs, readOnlyRootFilesystem, runAsUser);
        }
    }
}
