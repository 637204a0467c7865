package io.github.migrationchart.plugins.common;

import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What a failed push tells the user to do, from the registry's answer. */
class PushTargetTest {
    private static final URI REGISTRY = URI.create("oci://registry.example.com:5000/charts");

    @Test
    void aRefusalPointsAtTheLogin() {
        assertEquals("""
                <push> (-Dmigration.package.push) = "oci://registry.example.com:5000/charts": helm push of api-1.4.0.tgz failed: \
                response status code 401: Unauthorized
                Log in first with `helm registry login registry.example.com:5000` (helm push reads the same credentials),\
                 or check the address.""",
                PushTarget.pushFailed(REGISTRY.toString(), REGISTRY, "api-1.4.0.tgz", "response status code 401: Unauthorized\n"));
    }

    @Test
    void aPlainHttpRegistryPointsAtPushPlainHttp() {
        assertEquals("""
                <push> (-Dmigration.package.push) = "oci://registry.example.com:5000/charts": helm push of api-1.4.0.tgz failed: \
                Head "https://registry.example.com:5000/v2/": http: server gave HTTP response to HTTPS client
                The registry speaks plain HTTP: set <pushPlainHttp>true</pushPlainHttp>\
                 (-Dmigration.package.push.plainHttp=true) if that is intended.""",
                PushTarget.pushFailed(REGISTRY.toString(), REGISTRY, "api-1.4.0.tgz",
                        "Head \"https://registry.example.com:5000/v2/\": http: server gave HTTP response to HTTPS client"));
    }
}
