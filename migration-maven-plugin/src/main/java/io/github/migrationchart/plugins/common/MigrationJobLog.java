package io.github.migrationchart.plugins.common;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a failed release's migration left behind: the Job and the log of its latest pod, read from
 * the Kubernetes API with the same kubeconfig as Helm (the chart keeps a failed Job and its pod:
 * its hook delete policy never includes {@code hook-failed}).
 */
final class MigrationJobLog {
    static final int TAIL_LINES = 200;
    private static final String CONTAINER = "migration";
    private static final Pattern PKCS8_PEM =
            Pattern.compile("-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");

    private MigrationJobLog() {}

    /**
     * The migration Job of a release that did not succeed.
     *
     * @param job    the Job's name, or null when the Kubernetes API could not be asked
     * @param pod    its latest pod, or null when it has none
     * @param log    the last {@value #TAIL_LINES} lines of that pod's log, or why they cannot be read
     */
    record Report(String job, String pod, String log) {}

    /** Label selector of the release's migration Job and pod. */
    static String selector(String release) {
        return "app.kubernetes.io/instance=" + release + ",app.kubernetes.io/component=migration";
    }

    /** The unfinished or failed migration Job of the release, if any; never throws. */
    static Optional<Report> find(Path kubeconfig, String namespace, String release) {
        try (KubernetesClient client = client(kubeconfig)) {
            List<Job> jobs = client.batch().v1().jobs().inNamespace(namespace)
                    .withLabelSelector(selector(release))
                    .list().getItems();
            Optional<Job> job = jobs.stream()
                    .filter(j -> j.getStatus() == null || j.getStatus().getSucceeded() == null || j.getStatus().getSucceeded() == 0)
                    .max(Comparator.comparing(j -> j.getMetadata().getCreationTimestamp()));
            if (job.isEmpty()) {
                return Optional.empty();
            }
            String jobName = job.get().getMetadata().getName();
            Optional<Pod> pod = client.pods().inNamespace(namespace)
                    .withLabels(job.get().getSpec().getSelector().getMatchLabels())
                    .list().getItems().stream()
                    .max(Comparator.comparing(p -> p.getMetadata().getCreationTimestamp()));
            if (pod.isEmpty()) {
                return Optional.of(new Report(jobName, null, "(the Job has no pod: see `kubectl describe job/" + jobName
                        + " -n " + namespace + "` for why, e.g. a missing ServiceAccount or a refused security context)"));
            }
            String podName = pod.get().getMetadata().getName();
            return Optional.of(new Report(jobName, podName, log(client, namespace, pod.get())));
        } catch (KubernetesClientException | IllegalStateException e) {
            return Optional.of(new Report(null, null,
                    "(cannot read the migration Job from the Kubernetes API: " + describe(e) + ")"));
        }
    }

    private static String log(KubernetesClient client, String namespace, Pod pod) {
        boolean hasMigrationContainer = pod.getSpec().getContainers().stream().anyMatch(c -> CONTAINER.equals(c.getName()));
        try {
            var selected = client.pods().inNamespace(namespace).withName(pod.getMetadata().getName());
            String log = hasMigrationContainer
                    ? selected.inContainer(CONTAINER).tailingLines(TAIL_LINES).getLog()
                    : selected.tailingLines(TAIL_LINES).getLog();
            return log == null || log.isBlank() ? "(the log is empty)" : log;
        } catch (KubernetesClientException e) {
            return "(cannot read the log: " + describe(e) + ")";
        }
    }

    /**
     * Whether the client key is an EC key in PKCS#8 form ({@code BEGIN PRIVATE KEY}, as openssl 3
     * writes it). fabric8 recognizes EC keys only in the SEC1 form ({@code BEGIN EC PRIVATE KEY})
     * and takes any PKCS#8 key for RSA, which fails.
     */
    private static boolean isPkcs8EcKey(Config config) {
        try {
            String pem = config.getClientKeyData() != null
                    ? new String(Base64.getMimeDecoder().decode(config.getClientKeyData()), StandardCharsets.US_ASCII)
                    : config.getClientKeyFile() != null ? Files.readString(Path.of(config.getClientKeyFile()), StandardCharsets.US_ASCII)
                    : "";
            Matcher matcher = PKCS8_PEM.matcher(pem);
            if (!matcher.find()) {
                return false;
            }
            byte[] der = Base64.getMimeDecoder().decode(matcher.group(1));
            KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
            return true;
        } catch (IOException | IllegalArgumentException | GeneralSecurityException e) {
            return false;
        }
    }

    /** The exception's message and that of its root cause, which fabric8 often wraps in a generic one. */
    static String describe(Exception e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e || root.getMessage() == null ? String.valueOf(e.getMessage())
                : e.getMessage() + " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
    }

    private static KubernetesClient client(Path kubeconfig) {
        return client(config(kubeconfig));
    }

    /** The client configuration for the cluster of {@code kubeconfig} (null: as kubectl finds it), as Helm reaches it. */
    static Config config(Path kubeconfig) {
        Config config = kubeconfig == null ? Config.autoConfigure(null) : Config.fromKubeconfig(kubeconfig.toFile());
        if (config.getClientKeyAlgo() == null && isPkcs8EcKey(config)) {
            config.setClientKeyAlgo("EC");
        }
        return config;
    }

    static KubernetesClient client(Config config) {
        return new KubernetesClientBuilder().withConfig(config).withHttpClientFactory(new JdkHttpClientFactory()).build();
    }
}
