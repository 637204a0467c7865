package io.github.migrationchart.plugins.common.kube;

import java.nio.file.Path;
import java.util.Map;

/**
 * What finding a cluster reads from the process, as kubectl does: environment variables
 * ({@code KUBECONFIG}, the in-cluster {@code KUBERNETES_SERVICE_*}, proxies; also the environment
 * of credential plugins), the home directory and the pod's service account mount. A record, so
 * that tests give their own.
 *
 * @param variables      the environment variables
 * @param home           the home directory, which holds {@code .kube/config}
 * @param serviceAccount the directory of the in-cluster {@code token} and {@code ca.crt}
 */
public record Environment(Map<String, String> variables, Path home, Path serviceAccount) {
    public Environment {
        variables = Map.copyOf(variables);
    }

    /** This process's: {@code $HOME} as client-go takes it (else Java's user.home). */
    public static Environment system() {
        Map<String, String> variables = System.getenv();
        String home = variables.getOrDefault("HOME", "");
        return new Environment(variables, Path.of(home.isEmpty() ? System.getProperty("user.home") : home),
                Path.of("/var/run/secrets/kubernetes.io/serviceaccount"));
    }

    /** The variable's value, or null when it is unset or empty. */
    String variable(String name) {
        String value = variables.get(name);
        return value == null || value.isEmpty() ? null : value;
    }
}
