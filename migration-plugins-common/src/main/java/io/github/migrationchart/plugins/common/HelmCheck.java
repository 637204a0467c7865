package io.github.migrationchart.plugins.common;

import com.marcnuri.helm.LintCommand;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code helm lint --strict} and {@code helm template} through helm-java: Helm's own checks, in the
 * build, without a Helm CLI.
 */
final class HelmCheck {
    private HelmCheck() {}

    /** Helm's messages when the chart fails strict linting or rendering; empty when it passes both. */
    static List<String> failures(Path chartDirectory) {
        List<String> failures = new ArrayList<>();
        LintResult lint = new LintCommand(HelmLibrary.get(), chartDirectory).strict().call();
        if (lint.isFailed()) {
            lint.getMessages().forEach(message -> failures.add("helm lint --strict: " + message));
        }
        try {
            new TemplateCommand(HelmLibrary.get(), chartDirectory).withName("release").call();
        } catch (IllegalStateException e) {
            failures.add("helm template: " + e.getMessage());
        }
        return failures;
    }
}
