package io.github.migrationchart.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The external CLIs installed by {@code it-tests/tools/install-helm.sh} into the tools cache. A
 * missing tool fails the test with the command that installs it: tests never skip silently.
 */
final class Tools {
    private Tools() {}

    static Path cache() {
        String configured = System.getenv("MIGRATION_CHART_CACHE");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        // The install scripts use $HOME, which need not be Java's user.home.
        String home = System.getenv("HOME");
        return Path.of(home != null && !home.isBlank() ? home : System.getProperty("user.home"), ".cache", "migration-chart");
    }

    static Path bin(String name) {
        Path tool = cache().resolve("tools/bin").resolve(name);
        if (!Files.isExecutable(tool)) {
            throw new AssertionError(name + " not found at " + tool + ". Install the test tools with"
                    + " `bash it-tests/tools/install-helm.sh` (./mvnw verify runs it for you).");
        }
        return tool;
    }

    /** Environment under which {@code helm unittest} finds the plugin. */
    static Map<String, String> helmEnvironment() {
        return Map.of("HELM_PLUGINS", cache().resolve("tools/helm-plugins").toString());
    }

    /** The Helm majors every chart is checked with. */
    enum HelmCli {
        HELM3("helm3"), HELM4("helm4");

        private final String binary;

        HelmCli(String binary) {
            this.binary = binary;
        }

        Command command(String... arguments) {
            String[] all = new String[arguments.length + 1];
            all[0] = bin(binary).toString();
            System.arraycopy(arguments, 0, all, 1, arguments.length);
            return Command.of(all).withEnvironment(helmEnvironment());
        }
    }
}
