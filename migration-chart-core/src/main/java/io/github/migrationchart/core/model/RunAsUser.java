package io.github.migrationchart.core.model;

import java.util.OptionalInt;

/**
 * The numeric user and group a pod's containers run as: its security context's {@code runAsUser}
 * and {@code runAsGroup}. Either may be unknown.
 *
 * <p>The chart's pods run with {@code runAsNonRoot: true}. The kubelet then starts a container only
 * when it can tell that its user is not root: from a numeric {@code runAsUser}, or else from a
 * numeric {@code USER} in the image. An image whose {@code USER} is a name ({@code USER liquibase})
 * or root (no {@code USER} at all) is refused ({@code CreateContainerConfigError}), so a uid that
 * the image can run as must be known for such an image.
 *
 * @param uid the user id; empty when unknown (the image's own USER then decides)
 * @param gid the group id; empty when unknown (the user's primary group in the image then decides)
 */
public record RunAsUser(OptionalInt uid, OptionalInt gid) {
    /** Nothing known: the image's USER decides, and must then be numeric. */
    public static final RunAsUser UNKNOWN = new RunAsUser(OptionalInt.empty(), OptionalInt.empty());
    /** The largest user or group id Kubernetes accepts (it validates both as 32-bit signed integers). */
    public static final int MAX_ID = Integer.MAX_VALUE;
    /**
     * The "nonroot" user of distroless and Chainguard images. No user of the official tool images
     * owns it, so it runs an image whose files are world-readable without owning any of them.
     */
    public static final int NONROOT = 65532;

    public RunAsUser {
        uid = uid == null ? OptionalInt.empty() : uid;
        gid = gid == null ? OptionalInt.empty() : gid;
    }

    /** A known user and group. */
    public static RunAsUser of(int uid, int gid) {
        return new RunAsUser(OptionalInt.of(uid), OptionalInt.of(gid));
    }

    /** Whether the kubelet can check runAsNonRoot without looking at the image: the uid is known. */
    public boolean isKnown() {
        return uid.isPresent();
    }

    /** Each part known here, else {@code fallback}'s. */
    public RunAsUser orElse(RunAsUser fallback) {
        return new RunAsUser(uid.isPresent() ? uid : fallback.uid, gid.isPresent() ? gid : fallback.gid);
    }

    /** {@code 1001:1001}, {@code 1001:-} or {@code -:-}, for messages and docs. */
    @Override
    public String toString() {
        return part(uid) + ":" + part(gid);
    }

    private static String part(OptionalInt id) {
        return id.isPresent() ? String.valueOf(id.getAsInt()) : "-";
    }
}
