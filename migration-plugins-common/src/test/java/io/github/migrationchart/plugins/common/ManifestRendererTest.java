package io.github.migrationchart.plugins.common;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** helm template through helm-java, with the hooks helm-java alone would leave out. */
class ManifestRendererTest {

    private static Path chart(Path root) throws IOException {
        Path chart = root.resolve("demo");
        Files.createDirectories(chart.resolve("templates"));
        Files.writeString(chart.resolve("Chart.yaml"), "apiVersion: v2\nname: demo\nversion: 1.0.0\n");
        Files.writeString(chart.resolve("values.yaml"), "replicaCount: 1\ntag: \"1.0\"\n");
        Files.writeString(chart.resolve("templates/deployment.yaml"), """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: {{ .Release.Name }}
                spec:
                  replicas: {{ .Values.replicaCount }}
                """);
        Files.writeString(chart.resolve("templates/job.yaml"), """
                apiVersion: batch/v1
                kind: Job
                metadata:
                  name: {{ .Release.Name }}-migration
                  namespace: {{ .Release.Namespace }}
                  annotations:
                    helm.sh/hook: pre-install,pre-upgrade
                    helm.sh/hook-weight: "0"
                spec:
                  template:
                    spec:
                      containers:
                        - name: migration
                          image: "app:{{ .Values.tag }}"
                """);
        return chart;
    }

    @Test
    void rendersHooksWithTheirRealAnnotationAndAppliesValues(@TempDir Path tmp) throws IOException {
        Path chart = chart(tmp);
        Path values = tmp.resolve("review.yaml");
        Files.writeString(values, "tag: \"3.0\"\n");

        String manifests = ManifestRenderer.render(chart, "shop", "prod",
                new HelmValues(List.of(values), Map.of("replicaCount", "3")));

        assertTrue(manifests.contains("kind: Job"), manifests);
        assertTrue(manifests.contains("  name: shop-migration\n  namespace: prod\n  annotations:\n"
                + "    helm.sh/hook: pre-install,pre-upgrade\n    helm.sh/hook-weight: \"0\"\n"), manifests);
        assertTrue(manifests.contains("image: \"app:3.0\""), "values file applied:\n" + manifests);
        assertTrue(manifests.contains("replicas: 3"), "override applied:\n" + manifests);
        assertFalse(manifests.contains(ManifestRenderer.PLACEHOLDER), manifests);
        assertEquals(2, ManifestRenderer.objectCount(manifests));
        assertEquals(List.of("demo", "review.yaml"), names(tmp), "the staging copy is gone");
        assertTrue(Files.readString(chart.resolve("templates/job.yaml")).contains("helm.sh/hook: pre-install"),
                "the chart itself is untouched");
    }

    private static List<String> names(Path directory) throws IOException {
        try (var files = Files.list(directory)) {
            return files.map(path -> path.getFileName().toString()).sorted().toList();
        }
    }
}
