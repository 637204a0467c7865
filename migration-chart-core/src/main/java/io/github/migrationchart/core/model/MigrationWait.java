package io.github.migrationchart.core.model;

/**
 * Init containers that keep the application's pods from starting before the migration Job has
 * succeeded ({@code kubectl wait}, with a Role that can only read Jobs).
 *
 * @param enabled         whether the application waits
 * @param imageRepository image with kubectl as its command
 * @param imageTag        its tag
 * @param imageDigest     its manifest digest; when set, the init containers run {@code repository@digest}
 * @param timeoutSeconds  how long one check waits for an unfinished Job of its spec before it fails; the
 *                        kubelet then starts it again, and a Job that succeeded meanwhile lets it pass
 */
public record MigrationWait(boolean enabled, String imageRepository, String imageTag, String imageDigest, int timeoutSeconds) {
    /** kubectl of the Kubernetes release the project is tested against. */
    public static final MigrationWait DISABLED = new MigrationWait(false, "registry.k8s.io/kubectl", "v1.34.4", 30);

    public MigrationWait {
        imageRepository = Collections2.orEmpty(imageRepository);
        imageTag = Collections2.orEmpty(imageTag);
        imageDigest = Collections2.orEmpty(imageDigest);
    }

    /** A wait pinned by tag only. */
    public MigrationWait(boolean enabled, String imageRepository, String imageTag, int timeoutSeconds) {
        this(enabled, imageRepository, imageTag, "", timeoutSeconds);
    }

    public MigrationWait withEnabled(boolean value) {
        return new MigrationWait(value, imageRepository, imageTag, imageDigest, timeoutSeconds);
    }
}
