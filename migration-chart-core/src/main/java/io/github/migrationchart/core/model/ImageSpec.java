package io.github.migrationchart.core.model;

/**
 * A container image. For the migration Job an empty field means "same as the application".
 *
 * @param repository image repository without tag, e.g. {@code registry.example.com/team/api}
 * @param tag        image tag; empty means the chart's appVersion (app) or the app's tag (Job)
 * @param digest     manifest digest such as {@code sha256:…}; when set, the pods run
 *                   {@code repository@digest} and the tag is only the release's name for it
 * @param pullPolicy {@code Always}, {@code IfNotPresent}, {@code Never}, or empty for the default
 */
public record ImageSpec(String repository, String tag, String digest, String pullPolicy) {
    public static final ImageSpec INHERIT = new ImageSpec("", "", "", "");

    public ImageSpec {
        repository = Collections2.orEmpty(repository);
        tag = Collections2.orEmpty(tag);
        digest = Collections2.orEmpty(digest);
        pullPolicy = Collections2.orEmpty(pullPolicy);
    }

    /** An image pinned by tag only. */
    public ImageSpec(String repository, String tag, String pullPolicy) {
        this(repository, tag, "", pullPolicy);
    }
}
