package io.github.migrationchart.plugins.common.kube;

/** The kubeconfig the tests write: one context "main" of the cluster "main" and the user "main". */
final class TestKubeconfig {
    private TestKubeconfig() {}

    /** The kubeconfig with these bodies (YAML, unindented) of the cluster and the user; an empty user is {@code {}}. */
    static String of(String cluster, String user) {
        return """
                apiVersion: v1
                kind: Config
                current-context: main
                contexts:
                - name: main
                  context: {cluster: main, user: main, namespace: ignored}
                clusters:
                - name: main
                  cluster:
                %s
                users:
                - name: main
                  user:
                %s
                """.formatted(indent(cluster, "    "), user.isBlank() ? "    {}" : indent(user, "    "));
    }

    /** Each line of {@code yaml} indented by {@code by}. */
    static String indent(String yaml, String by) {
        return String.join("\n", yaml.strip().lines().map(line -> by + line).toList());
    }
}
