package io.github.migrationchart.core.validation;

import java.util.Locale;
import java.util.regex.Pattern;

/** The syntax rules Kubernetes, Helm and container registries apply to names and values. */
final class KubernetesSyntax {
    private KubernetesSyntax() {}

    /** RFC 1123 label: what Helm accepts as a chart name and Kubernetes as most object names. */
    static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    /** RFC 1123 subdomain: names of Secrets, ConfigMaps and ServiceAccounts. */
    static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    static final int DNS_SUBDOMAIN_MAX = 253;
    /** Semantic Versioning 2.0.0, which Helm requires of chart versions. */
    static final Pattern SEMVER = Pattern.compile(
            "(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)"
                    + "(-((0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)(\\.(0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
                    + "(\\+([0-9a-zA-Z-]+(\\.[0-9a-zA-Z-]+)*))?");
    /** Image repository, after the distribution reference grammar (registry host, optional port, path). */
    static final Pattern IMAGE_REPOSITORY = Pattern.compile(
            "(([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(\\.([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*(:[0-9]+)?/)?"
                    + "[a-z0-9]+(([._]|__|-+)[a-z0-9]+)*(/[a-z0-9]+(([._]|__|-+)[a-z0-9]+)*)*");
    static final int IMAGE_REPOSITORY_MAX = 255;
    static final Pattern IMAGE_TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
    /** Manifest digest as registries and the kubelet accept it: the algorithm, then lowercase hex. */
    static final Pattern IMAGE_DIGEST = Pattern.compile("sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128}");
    /** Environment variable names as kubectl and most shells accept them. */
    static final Pattern ENV_NAME = Pattern.compile("[-._a-zA-Z][-._a-zA-Z0-9]*");
    static final Pattern CONFIG_KEY = Pattern.compile("[-._a-zA-Z0-9]+");
    /** Qualified name of a label or annotation key: optional DNS-subdomain prefix, then a name. */
    static final Pattern QUALIFIED_NAME = Pattern.compile(
            "(" + DNS_SUBDOMAIN.pattern() + "/)?([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)");
    static final Pattern RESOURCE_NAME = Pattern.compile("(" + DNS_SUBDOMAIN.pattern() + "/)?[a-z0-9]([-a-z0-9.]*[a-z0-9])?");
    static final Pattern QUANTITY = Pattern.compile("([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+|Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?");
    static final Pattern PULL_POLICY = Pattern.compile("Always|IfNotPresent|Never");
    static final Pattern HOOK_DELETE_POLICY = Pattern.compile("before-hook-creation|hook-succeeded|hook-failed");

    /** A best guess at a valid RFC 1123 label for an invalid one, used in hints. */
    static String suggestLabel(String value, int maxLength) {
        String lower = value.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-");
        String trimmed = lower.replaceAll("^-+", "");
        if (trimmed.length() > maxLength) {
            trimmed = trimmed.substring(0, maxLength);
        }
        trimmed = trimmed.replaceAll("-+$", "");
        return trimmed.isEmpty() ? "my-app" : trimmed;
    }
}
