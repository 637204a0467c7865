package io.github.migrationchart.it;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Capability;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.output.ToStringConsumer;
import org.testcontainers.containers.startupcheck.StartupCheckStrategy;
import org.testcontainers.utility.DockerImageName;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs a rendered migration pod's container in its real image with Testcontainers, the way the
 * kubelet would start it: the environment from {@code envFrom} sources in order, then {@code env}
 * (which wins), {@code $(VAR)} references expanded in env values, command and args; command
 * replaces the image's entrypoint and args its cmd; the pod's user and group, a read-only root
 * filesystem with a writable /tmp, no capabilities and no privilege escalation, as the security
 * contexts say. The ConfigMaps and Secrets the spec references are supplied by the test, as the
 * cluster would hold them; the container shares this machine's network, so 127.0.0.1 is the
 * test's PostgreSQL.
 */
final class ContainerRun {
    private static final Pattern REFERENCE = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_.-]*)\\)|\\$\\$");

    private ContainerRun() {}

    /** Exit code and output of one container run. */
    record Result(int exitCode, String output) {}

    /**
     * @param pod     the pod spec of the rendered Job ({@code spec.template.spec})
     * @param image   the image to run instead of the chart's (a test image of it-tests/images)
     * @param mounts  host directories to mount read-only at the same path (migrations the test writes)
     */
    @SuppressWarnings("unchecked")
    static Result run(Map<String, Object> pod, String image, Map<String, Map<String, String>> configMaps,
                      Map<String, Map<String, String>> secrets, List<Path> mounts) {
        Map<String, Object> container = (Map<String, Object>) ((List<Object>) pod.get("containers")).get(0);
        Map<String, String> env = new LinkedHashMap<>();
        for (Map<String, Object> source : (List<Map<String, Object>>) container.getOrDefault("envFrom", List.of())) {
            if (source.containsKey("configMapRef")) {
                env.putAll(lookup(configMaps, (Map<String, Object>) source.get("configMapRef"), "ConfigMap"));
            } else {
                env.putAll(lookup(secrets, (Map<String, Object>) source.get("secretRef"), "Secret"));
            }
        }
        for (Map<String, Object> variable : (List<Map<String, Object>>) container.getOrDefault("env", List.of())) {
            env.put((String) variable.get("name"), expand((String) variable.get("value"), env));
        }
        List<String> command = expandAll((List<Object>) container.getOrDefault("command", List.of()), env);
        List<String> args = expandAll((List<Object>) container.getOrDefault("args", List.of()), env);
        Map<String, Object> podSecurity = (Map<String, Object>) pod.getOrDefault("securityContext", Map.of());
        Map<String, Object> security = (Map<String, Object>) container.getOrDefault("securityContext", Map.of());
        String user = podSecurity.containsKey("runAsUser")
                ? podSecurity.get("runAsUser") + (podSecurity.containsKey("runAsGroup") ? ":" + podSecurity.get("runAsGroup") : "")
                : null;
        boolean readOnly = Boolean.TRUE.equals(security.get("readOnlyRootFilesystem"));

        ToStringConsumer output = new ToStringConsumer();
        try (GenericContainer<?> run = new GenericContainer<>(DockerImageName.parse(image))) {
            run.withNetworkMode("host")
                    .withEnv(env)
                    .withLogConsumer(output)
                    .withStartupCheckStrategy(new RunToCompletion().withTimeout(Duration.ofMinutes(3)))
                    .withCreateContainerCmdModifier(create -> {
                        if (!command.isEmpty()) {
                            create.withEntrypoint(command);
                        }
                        if (!args.isEmpty() || !command.isEmpty()) {
                            create.withCmd(args);
                        }
                        if (user != null) {
                            create.withUser(user);
                        }
                        create.getHostConfig()
                                .withReadonlyRootfs(readOnly)
                                .withTmpFs(Map.of("/tmp", "rw,size=256m"))
                                .withCapDrop(Capability.ALL)
                                .withSecurityOpts(List.of("no-new-privileges"));
                    });
            for (Path mount : mounts) {
                run.withFileSystemBind(mount.toString(), mount.toString(), BindMode.READ_ONLY);
            }
            run.start();
            return new Result(run.getCurrentContainerInfo().getState().getExitCodeLong().intValue(), output.toUtf8String());
        }
    }

    /**
     * "Started" means "ran to its end", whatever its exit code: the test asserts on the code.
     * (Testcontainers' one-shot strategy treats a non-zero exit as a failed start and removes the
     * container, with its exit code and log.)
     */
    private static final class RunToCompletion extends StartupCheckStrategy {
        @Override
        public StartupStatus checkStartupState(DockerClient docker, String containerId) {
            InspectContainerResponse.ContainerState state = getCurrentState(docker, containerId);
            return Boolean.TRUE.equals(state.getRunning()) || state.getFinishedAt() == null
                    || state.getFinishedAt().startsWith("0001-") ? StartupStatus.NOT_YET_KNOWN : StartupStatus.SUCCESSFUL;
        }
    }

    private static List<String> expandAll(List<Object> parts, Map<String, String> env) {
        List<String> expanded = new ArrayList<>();
        for (Object part : parts) {
            expanded.add(expand((String) part, env));
        }
        return expanded;
    }

    private static Map<String, String> lookup(Map<String, Map<String, String>> objects, Map<String, Object> ref, String kind) {
        String name = (String) ref.get("name");
        Map<String, String> data = objects.get(name);
        if (data == null) {
            throw new AssertionError(kind + " " + name + " is referenced but the test supplies none;"
                    + " the pod would fail with CreateContainerConfigError");
        }
        return data;
    }

    /** Kubernetes' $(VAR) expansion: defined variables are replaced, $$ is a literal $, others stay. */
    static String expand(String value, Map<String, String> env) {
        Matcher matcher = REFERENCE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String replacement;
            if (matcher.group(1) == null) {
                replacement = "$";
            } else {
                replacement = env.getOrDefault(matcher.group(1), matcher.group());
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        return out.toString();
    }
}
