package io.github.migrationchart.it;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The local cluster of {@code it-tests/cluster}: a real API server and controllers, one real node
 * (containerd, kubelet, kube-proxy: pods run) and a kwok node (tainted, simulated), with a
 * PostgreSQL server that pods reach. Started once per test run and stopped when the run ends.
 * Tests get it as a parameter.
 */
public final class LocalCluster implements BeforeAllCallback, ParameterResolver {
    private static final Path CLUSTER_SCRIPT = Path.of("cluster/cluster.sh");

    /** Prefix of the images that it-tests/images/build-images.sh builds and the node has. */
    static final String IMAGES = "migration-chart.local/";

    private final Path kubeconfig;
    private final Path kubeCache;
    private final LocalPostgres postgres;

    private LocalCluster(Path kubeconfig, Path kubeCache, LocalPostgres postgres) {
        this.kubeconfig = kubeconfig;
        this.kubeCache = kubeCache;
        this.postgres = postgres;
    }

    /** JUnit's extension instance; the running cluster lives in the root store. */
    public LocalCluster() {
        this(null, null, null);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        running(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == LocalCluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return running(context);
    }

    private static LocalCluster running(ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(LocalCluster.class.getName(), key -> new Handle(start()), Handle.class).cluster;
    }

    private static LocalCluster start() {
        Command.Result up = Command.of("bash", CLUSTER_SCRIPT.toString(), "up").run(Duration.ofMinutes(20));
        if (!up.succeeded()) {
            throw new AssertionError("the local cluster did not start (it-tests/cluster/cluster.sh up):\n" + up.describe());
        }
        String line = up.stdout().lines().filter(l -> l.startsWith("export KUBECONFIG=")).findFirst()
                .orElseThrow(() -> new AssertionError("cluster.sh up printed no KUBECONFIG:\n" + up.describe()));
        try {
            return new LocalCluster(Path.of(line.substring("export KUBECONFIG=".length()).strip()),
                    Files.createTempDirectory("kube-cache-"), LocalPostgres.of(up.stdout()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the cluster when the whole test run is over. */
    private record Handle(LocalCluster cluster) implements AutoCloseable {
        @Override
        public void close() {
            Command.of("bash", CLUSTER_SCRIPT.toString(), "down").run(Duration.ofMinutes(2));
        }
    }

    /** The PostgreSQL server of the cluster: tests use it on 127.0.0.1, pods on {@link LocalPostgres#podHost()}. */
    LocalPostgres postgres() {
        return postgres;
    }

    Map<String, String> environment() {
        Map<String, String> env = new HashMap<>(Tools.helmEnvironment());
        env.put("KUBECONFIG", kubeconfig.toString());
        env.put("KUBECACHEDIR", kubeCache.toString());
        return env;
    }

    Command.Result kubectl(String... arguments) {
        List<String> all = new ArrayList<>();
        all.add(Tools.bin("kubectl").toString());
        all.addAll(List.of(arguments));
        return new Command(all, environment()).run();
    }

    Command.Result helm(Tools.HelmCli helm, String... arguments) {
        Command base = helm.command(arguments);
        return new Command(base.arguments(), environment()).run(Duration.ofMinutes(5));
    }

    /** {@code kubectl get -o json}, parsed; fails the test when kubectl does. */
    @SuppressWarnings("unchecked")
    Map<String, Object> getJson(String... arguments) {
        List<String> all = new ArrayList<>(List.of("get"));
        all.addAll(List.of(arguments));
        all.add("-o");
        all.add("json");
        Command.Result result = kubectl(all.toArray(String[]::new));
        if (!result.succeeded()) {
            throw new AssertionError(result.describe());
        }
        return (Map<String, Object>) new Yaml(new LoaderOptions()).load(result.stdout());
    }

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> items(String namespace, String kind, String... selector) {
        List<String> arguments = new ArrayList<>(List.of(kind, "-n", namespace));
        arguments.addAll(List.of(selector));
        return (List<Map<String, Object>>) getJson(arguments.toArray(String[]::new)).get("items");
    }

    /** A fresh namespace with Pod Security "restricted" enforced, ready for pods. */
    String restrictedNamespace(String name) {
        kubectl("delete", "namespace", name, "--ignore-not-found", "--wait=true");
        require(kubectl("create", "namespace", name));
        require(kubectl("label", "namespace", name, "pod-security.kubernetes.io/enforce=restricted"));
        for (int i = 0; i < 100; i++) {
            if (kubectl("get", "serviceaccount", "default", "-n", name).succeeded()) {
                return name;
            }
            sleep(100);
        }
        throw new AssertionError("namespace " + name + " got no default ServiceAccount");
    }

    /**
     * The manifest digest of a test image, as it-tests/images/build-images.sh listed it; the node
     * has each image also under {@code repository@digest}, so a chart pinned by digest starts.
     *
     * @param image name and tag under {@link #IMAGES}, e.g. {@code laravel-api:1.4.0}
     */
    static String imageDigest(String image) {
        Path list = Tools.cache().resolve("images/images.list");
        try {
            return Files.readAllLines(list).stream()
                    .map(line -> line.split(" "))
                    .filter(fields -> fields[0].equals(IMAGES + image))
                    .map(fields -> fields[1])
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(image + " is not in " + list + "; run it-tests/images/build-images.sh"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Command.Result require(Command.Result result) {
        if (!result.succeeded()) {
            throw new AssertionError(result.describe());
        }
        return result;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
