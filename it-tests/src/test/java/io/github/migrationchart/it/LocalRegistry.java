package io.github.migrationchart.it;

import io.github.migrationchart.core.render.ChartWriter;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The CNCF distribution registry (it-tests/tools/install-registry.sh) as a process on a free
 * loopback port, plain HTTP, with basic auth from a bcrypt htpasswd file, storing into a
 * directory of its own under {@link #STATE}. A registry left behind by a crashed run is stopped
 * when the next one starts.
 */
final class LocalRegistry implements AutoCloseable {
    static final String USER = "pusher";
    static final String PASSWORD = "registry-s3cret";
    /** Every run's state, so that what a crash left can be found and removed. */
    static final Path STATE = Path.of("/tmp/migration-chart-registry");

    private final Process process;
    private final int port;
    private final Path directory;

    private LocalRegistry(Process process, int port, Path directory) {
        this.process = process;
        this.port = port;
        this.directory = directory;
    }

    static LocalRegistry start() throws IOException {
        Command.of("pkill", "-f", "registry serve " + STATE).run(Duration.ofSeconds(10));
        ChartWriter.deleteRecursively(STATE);
        Path directory = Files.createDirectories(STATE.resolve("run"));
        Command.Result hash = Command.of("htpasswd", "-Bbn", USER, PASSWORD).run(Duration.ofSeconds(30));
        if (!hash.succeeded()) {
            throw new AssertionError("htpasswd (Debian's apache2-utils, see install-registry.sh) failed: " + hash.describe());
        }
        Files.writeString(directory.resolve("htpasswd"), hash.stdout());
        int port = freePort();
        Path config = Files.writeString(directory.resolve("config.yml"), """
                version: 0.1
                log:
                  level: warn
                storage:
                  filesystem:
                    rootdirectory: %s
                  delete:
                    enabled: true
                http:
                  addr: 127.0.0.1:%d
                auth:
                  htpasswd:
                    realm: migration-chart-tests
                    path: %s
                """.formatted(directory.resolve("data"), port, directory.resolve("htpasswd")));
        Process process = new ProcessBuilder(Tools.bin("registry").toString(), "serve", config.toString())
                .redirectErrorStream(true).redirectOutput(directory.resolve("registry.log").toFile()).start();
        LocalRegistry registry = new LocalRegistry(process, port, directory);
        registry.awaitReady();
        return registry;
    }

    /** {@code 127.0.0.1:<port>}, as Helm and OCI references name it. */
    String host() {
        return "127.0.0.1:" + port;
    }

    /**
     * A Helm configuration home of its own ({@code HELM_CONFIG_HOME}): the goals find the
     * credentials of {@code helm registry login} in its {@code registry/config.json}, the file
     * {@link #registryConfig} names for the Helm CLIs.
     */
    Path helmConfigHome(String name) {
        return directory.resolve(name + "-helm");
    }

    /** {@code registry/config.json} of {@link #helmConfigHome}, for {@code helm --registry-config}. */
    Path registryConfig(String name) {
        return helmConfigHome(name).resolve("registry/config.json");
    }

    /**
     * {@code helm registry login} (Helm 4) as {@link #USER} into the Helm configuration home
     * {@code name}, as a user logs in before {@code migration:package} pushes.
     *
     * @return that home, for {@code HELM_CONFIG_HOME}
     */
    Path login(String name) {
        LocalCluster.require(Tools.HelmCli.HELM4.command("registry", "login", host(), "--plain-http",
                "--username", USER, "--password", PASSWORD, "--registry-config", registryConfig(name).toString()).run());
        return helmConfigHome(name);
    }

    /** The registry's own log, for assertion messages. */
    String log() {
        try {
            return Files.readString(directory.resolve("registry.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private void awaitReady() {
        for (int i = 0; i < 200; i++) {
            if (!process.isAlive()) {
                throw new AssertionError("the registry exited at start:\n" + log());
            }
            try {
                HttpURLConnection connection = (HttpURLConnection) URI.create("http://" + host() + "/v2/").toURL().openConnection();
                connection.setConnectTimeout(500);
                int status = connection.getResponseCode();
                connection.disconnect();
                if (status == 401 || status == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            LocalCluster.sleep(100);
        }
        throw new AssertionError("the registry did not answer on " + host() + " within 20 s:\n" + log());
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws IOException {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ChartWriter.deleteRecursively(STATE);
    }
}
