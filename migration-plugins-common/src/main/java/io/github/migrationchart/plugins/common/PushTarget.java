package io.github.migrationchart.plugins.common;

import io.github.migrationchart.core.validation.Problem;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static io.github.migrationchart.plugins.common.PluginSettings.PACKAGE_PUSH;
import static io.github.migrationchart.plugins.common.PluginSettings.PACKAGE_PUSH_PLAIN_HTTP;

/** Where {@code migration:package} pushes the chart archive: an OCI registry address, checked before anything is built. */
public final class PushTarget {
    private PushTarget() {}

    /** The registry, none when {@code push} is empty, or the problem with it. */
    public static Validated<Optional<URI>> read(String push) {
        String value = push == null ? "" : push.strip();
        List<String> errors = new ArrayList<>();
        if (value.isEmpty()) {
            return Validated.of(Optional.empty(), errors);
        }
        try {
            URI uri = new URI(value);
            if ("oci".equals(uri.getScheme()) && uri.getAuthority() != null) {
                return Validated.of(Optional.of(uri), errors);
            }
        } catch (URISyntaxException e) {
            // reported below, as any other address that is not an OCI one
        }
        errors.add(PACKAGE_PUSH.display() + " = \"" + Problem.printable(value)
                + "\": must be oci://<registry host>[:port]/<path>, e.g. oci://registry.example.com/charts");
        return Validated.of(Optional.empty(), errors);
    }

    /** The failure of a push, with what to check. */
    public static String pushFailed(String push, URI registry, String archive, String helmError) {
        String fix = helmError.contains("server gave HTTP response to HTTPS client")
                ? "The registry speaks plain HTTP: set " + PACKAGE_PUSH_PLAIN_HTTP.element() + "true</pushPlainHttp> (-D"
                        + PACKAGE_PUSH_PLAIN_HTTP.property() + "=true) if that is intended."
                : "Log in first with `helm registry login " + registry.getAuthority()
                        + "` (helm push reads the same credentials), or check the address.";
        return PACKAGE_PUSH.display() + " = \"" + push + "\": helm push of " + archive + " failed: " + helmError.strip()
                + "\n" + fix;
    }
}
