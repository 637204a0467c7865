package io.github.migrationchart.plugins.common.kube;

/**
 * The Kubernetes API could not be asked (no usable kubeconfig, no connection, a credential plugin
 * that failed) or answered with an error. The message says why in words a user can act on.
 */
public final class KubeException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int status;

    public KubeException(String message) {
        this(message, 0, null);
    }

    public KubeException(String message, Throwable cause) {
        this(message, 0, cause);
    }

    KubeException(String message, int status, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** The HTTP status the API answered with, or 0 when it did not answer. */
    public int status() {
        return status;
    }
}
