package io.github.migrationchart.core.model;

/**
 * A container image. For the migration Job an empty field means "same as the application".
 *
 * @param repository image repository without tag, e.g. {@code registry.example.com/team/api}
 * @param tag        image tag; empty means the chart's appVersion (app) or the app's tag (Job)
 * @param pullPolicy {@code Always}, {@code IfNotPresent}, {@code Never}, or empty for the default
 */
public record ImageSpec(String repository, String tag, String pullPolicy) {
    public static final ImageSpec INHERIT = new ImageSpec("", "", "");

    public ImageSpec {
        repository = Collections2.orEmpty(repository);
        tag = Collections2.orEmpty(tag);
        pullPolicy = Collections2.orEmpty(pullPolicy);
    }
}
