package io.github.migrationchart.core.render;

import io.github.migrationchart.core.model.ChartSpec;

import java.util.List;
import java.util.function.Predicate;

/**
 * One file of a generated chart: its path inside the chart, and when it is emitted. Its template
 * is the resource {@code io/github/migrationchart/templates/chart/<path>.jinja}.
 * Adding a file to the chart is adding a template and one line to {@link #ALL}.
 */
record ChartFile(String path, Predicate<ChartSpec> emitted) {

    private static final Predicate<ChartSpec> ALWAYS = spec -> true;
    private static final Predicate<ChartSpec> HAS_CONFIG = spec -> !spec.app().config().isEmpty();
    private static final Predicate<ChartSpec> UNIT_TESTS = ChartSpec::unitTests;

    static final List<ChartFile> ALL = List.of(
            new ChartFile("Chart.yaml", ALWAYS),
            new ChartFile("values.yaml", ALWAYS),
            new ChartFile("values.schema.json", ALWAYS),
            new ChartFile(".helmignore", ALWAYS),
            new ChartFile("README.md", ALWAYS),
            new ChartFile("templates/_helpers.tpl", ALWAYS),
            new ChartFile("templates/NOTES.txt", ALWAYS),
            new ChartFile("templates/deployment.yaml", ALWAYS),
            new ChartFile("templates/service.yaml", ALWAYS),
            new ChartFile("templates/poddisruptionbudget.yaml", ALWAYS),
            new ChartFile("templates/serviceaccount.yaml", ALWAYS),
            new ChartFile("templates/ingress.yaml", ALWAYS),
            new ChartFile("templates/httproute.yaml", ALWAYS),
            new ChartFile("templates/hpa.yaml", ALWAYS),
            new ChartFile("templates/extra-objects.yaml", ALWAYS),
            new ChartFile("templates/configmap.yaml", HAS_CONFIG),
            new ChartFile("templates/migration-configmap.yaml", HAS_CONFIG),
            new ChartFile("templates/_migration-pod.tpl", ALWAYS),
            new ChartFile("templates/migration-job.yaml", ALWAYS),
            new ChartFile("templates/migration-serviceaccount.yaml", ALWAYS),
            new ChartFile("templates/migration-wait-rbac.yaml", ALWAYS),
            new ChartFile("templates/migration-cleanup.yaml", ALWAYS),
            new ChartFile("templates/migration-contract.yaml", ALWAYS),
            new ChartFile("tests/deployment_test.yaml", UNIT_TESTS),
            new ChartFile("tests/extensions_test.yaml", UNIT_TESTS),
            new ChartFile("tests/gitops_test.yaml", UNIT_TESTS),
            new ChartFile("tests/lifecycle_test.yaml", UNIT_TESTS),
            new ChartFile("tests/migration-job_test.yaml", UNIT_TESTS),
            new ChartFile("tests/values-schema_test.yaml", UNIT_TESTS));

    String templateResource() {
        return "io/github/migrationchart/templates/chart/" + path + ".jinja";
    }
}
