package io.github.migrationchart.it;

import io.github.migrationchart.core.render.ChartWriter;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.github.migrationchart.it.LocalCluster.require;

/**
 * A real Argo CD (it-tests/tools/install-argocd.sh) against the local cluster, as upstream's
 * Procfile runs it out of a cluster: Redis, the repo server and the application controller as
 * local processes on free loopback ports (no API server, no UI), the controller acting on the
 * cluster of its kubeconfig as {@code https://kubernetes.default.svc}. Charts come from a
 * {@link LocalRegistry}, declared to Argo CD as an OCI Helm repository over plain HTTP. The
 * processes' ids are kept under {@link #STATE}, so a run after a crash stops what it left.
 */
final class LocalArgoCd implements AutoCloseable {
    static final String NAMESPACE = "argocd";
    static final Path STATE = Path.of("/tmp/migration-chart-argocd");
    private static final Path CRDS = Tools.cache().resolve("tools/argocd-v3.6.1/crds");

    private final LocalCluster cluster;
    private final List<Process> processes = new ArrayList<>();

    private LocalArgoCd(LocalCluster cluster) {
        this.cluster = cluster;
    }

    static LocalArgoCd start(LocalCluster cluster, LocalRegistry registry) throws IOException {
        stopLeftovers();
        ChartWriter.deleteRecursively(STATE);
        Files.createDirectories(STATE.resolve("tls"));
        Files.createDirectories(STATE.resolve("ssh"));
        Path bin = Files.createDirectories(STATE.resolve("bin"));
        // The repo server runs `helm` from PATH, and Argo CD 3.5+ renders with Helm 4 only.
        Files.createSymbolicLink(bin.resolve("helm"), Tools.bin("helm4"));

        LocalArgoCd argo = new LocalArgoCd(cluster);
        argo.applyObjects(registry);
        int redis = LocalRegistry.freePort();
        argo.run("redis", List.of("redis-server", "--port", String.valueOf(redis), "--bind", "127.0.0.1", "--save", "",
                "--appendonly", "no", "--dir", STATE.toString()), Map.of());
        awaitPort(redis, "redis");
        int repoServer = LocalRegistry.freePort();
        argo.run("repo-server", List.of(Tools.bin("argocd-repo-server").toString(), "--address", "127.0.0.1",
                "--port", String.valueOf(repoServer), "--metrics-address", "127.0.0.1",
                "--metrics-port", String.valueOf(LocalRegistry.freePort()), "--disable-tls", "--client-ca-path", "",
                "--redis", "127.0.0.1:" + redis, "--logformat", "text"), Map.of(
                "ARGOCD_GPG_ENABLED", "false",
                "ARGOCD_ASK_PASS_SOCK", STATE.resolve("askpass.sock").toString(),
                "ARGOCD_TLS_DATA_PATH", STATE.resolve("tls").toString(),
                "ARGOCD_SSH_DATA_PATH", STATE.resolve("ssh").toString(),
                "HOME", STATE.toString(),
                "PATH", bin + ":" + System.getenv("PATH")));
        awaitPort(repoServer, "repo-server");
        String kubeconfig = cluster.environment().get("KUBECONFIG");
        argo.run("application-controller", List.of(Tools.bin("argocd-application-controller").toString(),
                "--kubeconfig", kubeconfig, "--namespace", NAMESPACE, "--repo-server", "127.0.0.1:" + repoServer,
                "--repo-server-plaintext", "--redis", "127.0.0.1:" + redis,
                "--metrics-port", String.valueOf(LocalRegistry.freePort()), "--logformat", "text"), Map.of(
                "ARGOCD_FAKE_IN_CLUSTER", "true",
                "KUBECONFIG", kubeconfig,
                "HOME", STATE.toString()));
        return argo;
    }

    /** The CRDs and the objects the controller reads, and the registry as a Helm repository. */
    private void applyObjects(LocalRegistry registry) throws IOException {
        for (Path crd : List.of(CRDS.resolve("application-crd.yaml"), CRDS.resolve("appproject-crd.yaml"))) {
            require(cluster.kubectl("apply", "--server-side", "-f", crd.toString()));
        }
        for (String crd : List.of("applications.argoproj.io", "appprojects.argoproj.io")) {
            awaitEstablished(crd);
        }
        apply("""
                apiVersion: v1
                kind: Namespace
                metadata:
                  name: argocd
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: argocd-cm
                  namespace: argocd
                  labels:
                    app.kubernetes.io/part-of: argocd
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: argocd-rbac-cm
                  namespace: argocd
                  labels:
                    app.kubernetes.io/part-of: argocd
                ---
                apiVersion: v1
                kind: Secret
                metadata:
                  name: argocd-secret
                  namespace: argocd
                  labels:
                    app.kubernetes.io/part-of: argocd
                ---
                apiVersion: argoproj.io/v1alpha1
                kind: AppProject
                metadata:
                  name: default
                  namespace: argocd
                spec:
                  sourceRepos: ["*"]
                  destinations:
                    - server: "*"
                      namespace: "*"
                  clusterResourceWhitelist:
                    - group: "*"
                      kind: "*"
                ---
                apiVersion: v1
                kind: Secret
                metadata:
                  name: local-registry
                  namespace: argocd
                  labels:
                    argocd.argoproj.io/secret-type: repository
                stringData:
                  type: helm
                  name: local-registry
                  url: %s/charts
                  enableOCI: "true"
                  insecureOCIForceHttp: "true"
                  username: %s
                  password: %s
                """.formatted(registry.host(), LocalRegistry.USER, LocalRegistry.PASSWORD));
    }

    /** Until the API server serves the CRD's resource (kubectl wait fails while it has no conditions yet). */
    private void awaitEstablished(String crd) {
        for (int i = 0; i < 300; i++) {
            Command.Result status = cluster.kubectl("get", "crd", crd, "-o",
                    "jsonpath={.status.conditions[?(@.type==\"Established\")].status}");
            if (status.succeeded() && status.stdout().strip().equals("True")) {
                return;
            }
            LocalCluster.sleep(100);
        }
        throw new AssertionError("CRD " + crd + " not established within 30 s");
    }

    /** {@code kubectl apply} of the given manifests. */
    void apply(String manifests) throws IOException {
        Path file = Files.createTempFile("argocd-", ".yaml");
        try {
            Files.writeString(file, manifests);
            require(cluster.kubectl("apply", "-f", file.toString()));
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** The last lines of a component's log, for assertion messages. */
    String log(String component) {
        try {
            List<String> lines = Files.readAllLines(STATE.resolve(component + ".log"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private void run(String name, List<String> command, Map<String, String> environment) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(STATE.resolve(name + ".log").toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        processes.add(process);
        Files.writeString(STATE.resolve(name + ".pid"), process.pid() + "\n");
    }

    private static void awaitPort(int port, String what) {
        for (int i = 0; i < 300; i++) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                LocalCluster.sleep(100);
            }
        }
        throw new AssertionError(what + " did not listen on 127.0.0.1:" + port + " within 30 s; see " + STATE.resolve(what + ".log"));
    }

    /** Stops the processes a crashed run left, by the ids it wrote. */
    private static void stopLeftovers() throws IOException {
        if (!Files.isDirectory(STATE)) {
            return;
        }
        try (Stream<Path> files = Files.list(STATE)) {
            for (Path pid : files.filter(f -> f.toString().endsWith(".pid")).toList()) {
                ProcessHandle.of(Long.parseLong(Files.readString(pid).strip())).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    @Override
    public void close() throws IOException {
        for (int i = processes.size() - 1; i >= 0; i--) {
            processes.get(i).destroy();
        }
        for (Process process : processes) {
            try {
                if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        cluster.kubectl("delete", "namespace", NAMESPACE, "--ignore-not-found", "--wait=false");
        if (!Boolean.getBoolean("argocd.keepState")) {
            ChartWriter.deleteRecursively(STATE);
        }
    }
}
