package io.github.migrationchart.it;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs a rendered container spec on this machine the way the kubelet would start it: the
 * environment from {@code envFrom} sources in order, then {@code env} (which wins), with
 * {@code $(VAR)} references expanded in env values, command and args. The ConfigMaps and Secrets
 * the spec references are supplied by the test, as the cluster would hold them.
 */
final class ContainerRun {
    private static final Pattern REFERENCE = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_.-]*)\\)|\\$\\$");

    private ContainerRun() {}

    @SuppressWarnings("unchecked")
    static Command.Result run(Map<String, Object> container, Map<String, Map<String, String>> configMaps,
                              Map<String, Map<String, String>> secrets, Path toolsBin) {
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
        List<String> commandLine = new ArrayList<>();
        for (Object part : (List<Object>) container.getOrDefault("command", List.of())) {
            commandLine.add(expand((String) part, env));
        }
        for (Object part : (List<Object>) container.getOrDefault("args", List.of())) {
            commandLine.add(expand((String) part, env));
        }
        if (commandLine.isEmpty()) {
            throw new AssertionError("the container has no command: it would run its image's entrypoint");
        }
        commandLine.set(0, toolsBin.resolve(commandLine.get(0)).toString());
        Map<String, String> processEnv = new LinkedHashMap<>(env);
        processEnv.put("PATH", toolsBin + ":" + System.getenv("PATH"));
        return new Command(commandLine, processEnv).run(Duration.ofMinutes(3));
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
