package io.github.migrationchart.core.validation;

import java.util.ArrayList;
import java.util.List;

import static io.github.migrationchart.core.validation.KubernetesSyntax.DNS_LABEL;
import static io.github.migrationchart.core.validation.KubernetesSyntax.DNS_SUBDOMAIN;

/**
 * Checks where a chart is installed or rendered: the release name and the namespace, with the rules
 * Helm and Kubernetes apply, so that a front end can refuse them before it generates anything.
 */
public final class ReleaseValidator {
    /** Helm's limit for release names: objects are named {@code <release>-<suffix>}. */
    public static final int RELEASE_NAME_MAX = 53;
    /** Kubernetes' limit for namespace names (RFC 1123 label). */
    public static final int NAMESPACE_MAX = 63;

    private ReleaseValidator() {}

    /**
     * Problems with the release name ({@code release.name}) and the namespace ({@code release.namespace});
     * an empty release name means "the chart name" and is not checked here.
     */
    public static List<Problem> validate(String releaseName, String namespace) {
        List<Problem> problems = new ArrayList<>();
        if (!releaseName.isEmpty() && (releaseName.length() > RELEASE_NAME_MAX || !DNS_SUBDOMAIN.matcher(releaseName).matches())) {
            problems.add(new Problem("release.name", releaseName, "must be a Helm release name: lowercase letters, digits,"
                    + " '-' and '.', starting and ending with a letter or digit, at most " + RELEASE_NAME_MAX
                    + " characters; try \"" + KubernetesSyntax.suggestLabel(releaseName, RELEASE_NAME_MAX) + "\""));
        }
        if (namespace.isEmpty()) {
            problems.add(new Problem("release.namespace", namespace, "is required: the namespace of the release, e.g. shop"));
        } else if (namespace.length() > NAMESPACE_MAX || !DNS_LABEL.matcher(namespace).matches()) {
            problems.add(new Problem("release.namespace", namespace, "must be a namespace name: lowercase letters, digits"
                    + " and '-', starting and ending with a letter or digit, at most " + NAMESPACE_MAX
                    + " characters (RFC 1123 label); try \"" + KubernetesSyntax.suggestLabel(namespace, NAMESPACE_MAX) + "\""));
        }
        return List.copyOf(problems);
    }
}
