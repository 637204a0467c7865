package io.github.migrationchart.plugins.common;

import io.github.migrationchart.core.validation.Problem;
import io.github.migrationchart.core.validation.ReleaseValidator;

import java.util.List;

/**
 * The release a goal installs or renders: its name (empty: the chart's) and its namespace, checked
 * with Helm's and Kubernetes' rules before anything is generated.
 */
public record ReleaseTarget(String releaseName, String namespace) {

    /** The release name to use for a chart. */
    public String releaseFor(String chartName) {
        return releaseName.isEmpty() ? chartName : releaseName;
    }

    /** Reads and checks both; each problem is added to {@code errors}, naming the goal's setting. */
    static ReleaseTarget read(String releaseName, Setting releaseSetting, String namespace, Setting namespaceSetting,
                              List<String> errors) {
        ReleaseTarget target = new ReleaseTarget(strip(releaseName), strip(namespace));
        for (Problem problem : ReleaseValidator.validate(target.releaseName(), target.namespace())) {
            Setting setting = problem.path().equals("release.name") ? releaseSetting : namespaceSetting;
            errors.add(problem.value().isEmpty()
                    ? setting.display() + " is required: the namespace of the release, e.g. -D" + setting.property() + "=shop"
                    : problem.describe(setting.display()));
        }
        return target;
    }

    static String strip(String value) {
        return value == null ? "" : value.strip();
    }
}
