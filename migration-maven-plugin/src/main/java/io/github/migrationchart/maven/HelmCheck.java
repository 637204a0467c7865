package io.github.migrationchart.maven;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;

import java.nio.file.Path;
import java.util.List;

/** {@code helm lint --strict} through helm-java: Helm's own checks, in the build, without a Helm CLI. */
final class HelmLint {
    private HelmLint() {}

    /** Helm's messages when the chart fails strict linting; empty when it passes. */
    static List<String> failures(Path chartDirectory) {
        LintResult result = new Helm(chartDirectory).lint().strict().call();
        return result.isFailed() ? List.copyOf(result.getMessages()) : List.of();
    }
}
