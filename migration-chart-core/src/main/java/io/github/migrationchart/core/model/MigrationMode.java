package io.github.migrationchart.core.model;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** How the migration Job is run: by Helm as a hook, or applied by a GitOps tool. */
public enum MigrationMode {
    /** A Helm pre-install,pre-upgrade hook: helm upgrade --install, Flux's helm-controller. */
    HELM_HOOKS("helm-hooks"),
    /** A plain Job named after a hash of its spec, with Argo CD PreSync hook annotations. */
    GITOPS("gitops");

    private final String id;

    MigrationMode(String id) {
        this.id = id;
    }

    /** The name in the POM and in values.yaml. */
    public String id() {
        return id;
    }

    public static Optional<MigrationMode> byId(String id) {
        return Arrays.stream(values()).filter(mode -> mode.id.equals(id)).findFirst();
    }

    public static List<String> ids() {
        return Arrays.stream(values()).map(MigrationMode::id).toList();
    }
}
