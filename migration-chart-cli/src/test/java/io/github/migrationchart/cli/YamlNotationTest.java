package io.github.migrationchart.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The common layer's POM terms, as migration-chart.yaml's. */
class YamlNotationTest {
    private final YamlNotation notation = new YamlNotation("migration-chart.yaml");

    @Test
    void elementPathsBecomeKeyPathsAndQuotedValuesStayAsWritten() {
        assertEquals("migration.wait.enabled = \"<yes>\": must be true or false",
                notation.translate("<migration><wait><enabled> = \"<yes>\": must be true or false"));
        assertEquals("replicas (-Dmigration.app.replicas) = \"x\\\"<y>\": must be a whole number",
                notation.translate("<replicas> (-Dmigration.app.replicas) = \"x\\\"<y>\": must be a whole number"));
        assertEquals("appResources.limits.nvidia.com/gpu is not a quantity",
                notation.translate("<appResources><limits><nvidia.com/gpu> is not a quantity"));
    }

    @Test
    void xmlExamplesBecomeYamlOnes() {
        assertEquals("Set skipLint: true (-Dmigration.lint.skip=true) to write the chart anyway.",
                notation.translate("Set <skipLint>true</skipLint> (-Dmigration.lint.skip=true) to write the chart anyway."));
        assertEquals("migration.args = \"a\": must be a list, e.g. args: [first, second]",
                notation.translate("<migration><args> = \"a\": must list its items as child elements, one per item, e.g. "
                        + "<args><item>first</item><item>second</item>"));
        assertEquals("appEnv.A must be a plain value.",
                notation.translate("<appEnv><A> must be a plain value, or <name>KEY</name><value>VALUE</value>"
                        + " for keys that are not valid XML element names."));
    }

    @Test
    void mavenCommandsAndThePomBecomeTheCommandLineAndTheFile() {
        assertEquals("Generate the chart there with: migration-chart generate -Dmigration.outputDirectory=deploy/chart",
                notation.translate("Generate the chart there with: mvn migration:generate -Dmigration.outputDirectory=deploy/chart"));
        assertEquals("3 problems in migration-chart.yaml:", notation.translate("3 problems in the <configuration> of migration-maven-plugin:"));
        assertEquals("Fix them in migration-chart.yaml; nothing was written.", notation.translate("Fix them in pom.xml; nothing was written."));
        assertEquals("the directory migration-chart generate writes", notation.translate("the directory migration:generate writes"));
    }
}
