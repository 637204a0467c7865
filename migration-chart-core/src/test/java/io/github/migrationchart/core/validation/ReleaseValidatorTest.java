package io.github.migrationchart.core.validation;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReleaseValidatorTest {

    @ParameterizedTest
    @ValueSource(strings = {"api", "orders-v2", "a.b", "x", "a1234567890123456789012345678901234567890123456789012"})
    void acceptsHelmReleaseNames(String name) {
        assertEquals(List.of(), ReleaseValidator.validate(name, "shop"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Api", "orders_v2", "-api", "api-", "a..b", "a12345678901234567890123456789012345678901234567890123", "ä"})
    void refusesOtherReleaseNamesWithASuggestion(String name) {
        List<Problem> problems = ReleaseValidator.validate(name, "shop");
        assertEquals(1, problems.size(), problems.toString());
        assertEquals("release.name", problems.get(0).path());
        assertEquals(name, problems.get(0).value());
        assertTrue(problems.get(0).message().contains("try \""), problems.get(0).message());
    }

    @Test
    void anEmptyReleaseNameMeansTheChartName() {
        assertEquals(List.of(), ReleaseValidator.validate("", "shop"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Shop", "shop.eu", "shop_eu", "-shop", "a234567890123456789012345678901234567890123456789012345678901234"})
    void refusesNamespacesThatAreNotLabels(String namespace) {
        List<Problem> problems = ReleaseValidator.validate("api", namespace);
        assertEquals(List.of("release.namespace"), problems.stream().map(Problem::path).toList());
    }

    @Test
    void requiresANamespace() {
        List<Problem> problems = ReleaseValidator.validate("api", "");
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).message().startsWith("is required"), problems.get(0).message());
    }
}
