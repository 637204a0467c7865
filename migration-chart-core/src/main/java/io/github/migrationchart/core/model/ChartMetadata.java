package io.github.migrationchart.core.model;

/**
 * What goes into {@code Chart.yaml}.
 *
 * @param name        chart name, also the base of every Kubernetes name in the chart
 * @param version     chart version (SemVer 2)
 * @param appVersion  version of the application the chart deploys; the default image tag
 * @param description one sentence for {@code Chart.yaml} and the chart README
 */
public record ChartMetadata(String name, String version, String appVersion, String description) {
    public ChartMetadata {
        name = Collections2.orEmpty(name);
        version = Collections2.orEmpty(version);
        appVersion = Collections2.orEmpty(appVersion);
        description = Collections2.orEmpty(description);
    }
}
