package io.github.migrationchart.plugins.common;

import io.github.migrationchart.core.model.DatabaseWait;
import io.github.migrationchart.core.model.MigrationContract;
import io.github.migrationchart.core.model.MigrationMode;
import io.github.migrationchart.core.model.MigrationPreset;
import io.github.migrationchart.core.model.MigrationWait;
import io.github.migrationchart.core.model.MigrationSpec;
import io.github.migrationchart.core.model.ResourceSpec;
import io.github.migrationchart.core.model.RunAsUser;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MigrationSettingsTest {

    private static ConfigNode xml(String text) throws Exception {
        return Xml.node(text);
    }

    private final ConfigReader reader = new ConfigReader(raw -> raw.replace("${project.version}", "1.4.0"));

    @Test
    void readsEveryKeyInOrderAndEvaluatesExpressions() throws Exception {
        MigrationSpec spec = MigrationSettings.read(xml("""
                <migration>
                  <image>registry.example.com/team/migrator</image>
                  <imageTag>${project.version}</imageTag>
                  <imagePullPolicy>Always</imagePullPolicy>
                  <command><c>/bin/sh</c></command>
                  <args><arg>-c</arg><arg xml:space="preserve"> keep spaces </arg></args>
                  <env><Z_LAST>1</Z_LAST><A_FIRST>$(Z_LAST)</A_FIRST></env>
                  <configMapRefs><ref>shared</ref></configMapRefs>
                  <secretRefs><ref>db</ref></secretRefs>
                  <useAppConfig>false</useAppConfig>
                  <backoffLimit>0</backoffLimit>
                  <activeDeadlineSeconds>600</activeDeadlineSeconds>
                  <resources><limits><memory>1Gi</memory></limits></resources>
                  <serviceAccountName>migrator</serviceAccountName>
                  <hookWeight>-5</hookWeight>
                  <hookDeletePolicy>before-hook-creation,hook-succeeded</hookDeletePolicy>
                  <podAnnotations>
                    <annotation><name>sidecar.istio.io/inject</name><value>true</value></annotation>
                    <team>db</team>
                  </podAnnotations>
                </migration>"""), reader);

        assertEquals(List.of(), reader.errors());
        assertEquals("registry.example.com/team/migrator", spec.image().repository());
        assertEquals("1.4.0", spec.image().tag());
        assertEquals("Always", spec.image().pullPolicy());
        assertEquals(List.of("/bin/sh"), spec.command());
        assertEquals(List.of("-c", " keep spaces "), spec.args());
        assertEquals(List.of("Z_LAST", "A_FIRST"), List.copyOf(spec.env().keySet()), "env keeps POM order for $(VAR) references");
        assertEquals(List.of("shared"), spec.configMapRefs());
        assertEquals(List.of("db"), spec.secretRefs());
        assertEquals(false, spec.useAppConfig());
        assertEquals(0, spec.backoffLimit());
        assertEquals(600, spec.activeDeadlineSeconds());
        assertEquals(new ResourceSpec(Map.of(), Map.of("memory", "1Gi")), spec.resources());
        assertEquals("migrator", spec.serviceAccountName());
        assertEquals(-5, spec.hookWeight());
        assertEquals("before-hook-creation,hook-succeeded", spec.hookDeletePolicy());
        assertEquals("true", spec.podAnnotations().get("sidecar.istio.io/inject"), "a given annotation wins");
        assertEquals("disabled", spec.podAnnotations().get("linkerd.io/inject"), "other defaults stay");
        assertEquals("db", spec.podAnnotations().get("team"));
    }

    @Test
    void absentKeysKeepTheDefaults() throws Exception {
        MigrationSpec spec = MigrationSettings.read(xml("<migration><args><a>migrate</a></args></migration>"), reader);

        assertEquals(List.of(), reader.errors());
        assertEquals(MigrationSpec.builder().args(List.of("migrate")).build(), spec);
        assertEquals(ResourceSpec.MIGRATION_DEFAULT, spec.resources());
    }

    @Test
    void reportsEveryMistakeAtOnceNamingTheSetting() throws Exception {
        MigrationSettings.read(xml("""
                <migration>
                  <argz><a>x</a></argz>
                  <backoffLimit>two</backoffLimit>
                  <enabled>yes</enabled>
                  <args>php artisan migrate</args>
                  <resources><limit><cpu>1</cpu></limit></resources>
                </migration>"""), reader);

        List<String> errors = reader.errors();
        assertEquals(5, errors.size(), String.join("\n", errors));
        assertTrue(errors.get(0).startsWith("<migration><argz> is not a setting of <migration>. Did you mean <migration><args>?"), errors.get(0));
        assertTrue(errors.contains("<migration><backoffLimit> = \"two\": must be a whole number, e.g. 1"), errors.toString());
        assertTrue(errors.contains("<migration><enabled> = \"yes\": must be true or false"), errors.toString());
        assertTrue(errors.stream().anyMatch(e -> e.startsWith("<migration><args> = \"php artisan migrate\": must list its items as child elements")), errors.toString());
        assertTrue(errors.stream().anyMatch(e -> e.startsWith("<migration><resources><limit> is not a setting of <migration><resources>. Did you mean <migration><resources><limits>?")), errors.toString());
    }

    @Test
    void brokenExpressionIsReportedWithTheSetting() throws Exception {
        ConfigReader failing = new ConfigReader(raw -> {
            throw new IllegalArgumentException("cannot evaluate the expression: bad");
        });
        MigrationSettings.read(xml("<migration><imageTag>${oops</imageTag></migration>"), failing);

        assertEquals(List.of("<migration><imageTag> = \"${oops\": cannot evaluate the expression: bad"), failing.errors());
    }

    @Test
    void presetFillsWhatIsNotGivenAndExplicitKeysWin() throws Exception {
        MigrationSpec flyway = MigrationSettings.read(xml("""
                <migration>
                  <preset>flyway</preset>
                  <args><a>migrate</a><a>-X</a></args>
                </migration>"""), reader);

        assertEquals(List.of(), reader.errors());
        assertEquals(MigrationPreset.FLYWAY, flyway.preset());
        assertEquals(List.of("flyway"), flyway.command(), "command from the preset");
        assertEquals(List.of("migrate", "-X"), flyway.args(), "args given explicitly");

        MigrationSpec liquibase = MigrationSettings.read(xml("""
                <migration>
                  <preset>liquibase</preset>
                  <env><LIQUIBASE_SHOW_BANNER>true</LIQUIBASE_SHOW_BANNER><LIQUIBASE_LOG_LEVEL>info</LIQUIBASE_LOG_LEVEL></env>
                </migration>"""), reader);
        assertEquals(Map.of("LIQUIBASE_ANALYTICS_ENABLED", "false", "LIQUIBASE_SHOW_BANNER", "true", "LIQUIBASE_LOG_LEVEL", "info"),
                liquibase.env(), "env merged over the preset's");
    }

    @Test
    void unknownPresetListsTheKnownOnes() throws Exception {
        MigrationSettings.read(xml("<migration><preset>flywya</preset></migration>"), reader);

        assertEquals(List.of("<migration><preset> = \"flywya\": is not a known preset. Did you mean flyway? Known presets: "
                + "alembic, django, flyway, golang-migrate, laravel, liquibase, prisma, rails, spring-boot-flyway, spring-boot-liquibase."),
                reader.errors());
    }

    @Test
    void readsModeAndWait() throws Exception {
        MigrationSpec spec = MigrationSettings.read(xml("""
                <migration>
                  <args><a>migrate</a></args>
                  <mode>gitops</mode>
                  <wait><imageTag>v1.33.9</imageTag><timeoutSeconds>120</timeoutSeconds></wait>
                </migration>"""), reader);

        assertEquals(List.of(), reader.errors());
        assertEquals(MigrationMode.GITOPS, spec.mode());
        assertEquals(new MigrationWait(true, "registry.k8s.io/kubectl", "v1.33.9", 120), spec.appWait(),
                "a <wait> element switches the wait on; unset parts keep their defaults");
    }

    @Test
    void readsTheContractAndTheDatabaseWait() throws Exception {
        MigrationSpec spec = MigrationSettings.read(xml("""
                <migration>
                  <preset>liquibase</preset>
                  <waitForDatabase><intervalSeconds>5</intervalSeconds></waitForDatabase>
                  <contract/>
                </migration>"""), reader);

        assertEquals(List.of(), reader.errors());
        assertEquals(new DatabaseWait(true, List.of("liquibase", "status"), 5), spec.databaseWait(),
                "the preset's check, the given interval");
        assertEquals(new MigrationContract(true, List.of(), List.of("update", "--context-filter=contract"), 270), spec.contract(),
                "an empty <contract/> switches it on with the preset's contract args");
        assertEquals(List.of("update", "--context-filter=!contract"), spec.args(), "and the migration leaves the contract out");

        MigrationSpec off = MigrationSettings.read(xml("""
                <migration>
                  <preset>django</preset>
                  <waitForDatabase><enabled>false</enabled></waitForDatabase>
                  <contract><args><a>manage.py</a><a>contract</a></args><activeDeadlineSeconds>600</activeDeadlineSeconds></contract>
                </migration>"""), reader);
        assertEquals(List.of(), reader.errors());
        assertFalse(off.databaseWait().enabled());
        assertEquals(List.of("manage.py", "contract"), off.contract().args());
        assertEquals(600, off.contract().activeDeadlineSeconds());
    }

    @Test
    void unknownContractAndDatabaseWaitKeysAreReported() throws Exception {
        MigrationSettings.read(xml("<migration><args><a>m</a></args><contract><arg>x</arg></contract>"
                + "<waitForDatabase><interval>5</interval></waitForDatabase></migration>"), reader);

        assertEquals(2, reader.errors().size(), reader.errors().toString());
        assertTrue(reader.errors().get(0).startsWith("<migration><contract><arg> is not a setting of <migration><contract>. Did you mean <migration><contract><args>?"),
                reader.errors().get(0));
        assertTrue(reader.errors().get(1).startsWith("<migration><waitForDatabase><interval> is not a setting of <migration><waitForDatabase>. Did you mean <migration><waitForDatabase><intervalSeconds>?"),
                reader.errors().get(1));
    }

    @Test
    void unknownModeAndWaitKeysAreReported() throws Exception {
        MigrationSettings.read(xml("<migration><mode>argo</mode><wait><timeout>5</timeout></wait></migration>"), reader);

        assertEquals(2, reader.errors().size(), reader.errors().toString());
        assertTrue(reader.errors().get(0).startsWith("<migration><mode> = \"argo\": must be one of helm-hooks, gitops"), reader.errors().get(0));
        assertTrue(reader.errors().get(1).startsWith("<migration><wait><timeout> is not a setting of <migration><wait>. Did you mean <migration><wait><timeoutSeconds>?"),
                reader.errors().get(1));
    }

    @Test
    void readsTheJobsNumericUserOverThePresets() throws Exception {
        MigrationSpec spec = MigrationSettings.read(xml("""
                <migration>
                  <preset>liquibase</preset>
                  <runAsUser> 2000 </runAsUser>
                </migration>"""), reader);

        assertEquals(List.of(), reader.errors());
        assertEquals(RunAsUser.of(2000, 1001), spec.runAsUser(), "the given uid, the preset's gid");
        assertEquals(RunAsUser.of(1001, 1001),
                MigrationSettings.read(xml("<migration><preset>liquibase</preset></migration>"), reader).runAsUser());
        assertEquals(new RunAsUser(OptionalInt.empty(), OptionalInt.of(0)),
                MigrationSettings.read(xml("<migration><args><a>m</a></args><runAsGroup>0</runAsGroup><runAsUser/></migration>"), reader)
                        .runAsUser(), "an empty element is unset; group 0 is a group");
    }

    @Test
    void idsThatAreNoNumbersAreReportedWithTheFix() throws Exception {
        MigrationSettings.read(xml("<migration><runAsUser>liquibase</runAsUser><runAsGroup>99999999999</runAsGroup></migration>"), reader);

        assertEquals(List.of(
                "<migration><runAsUser> = \"liquibase\": must be a numeric uid, e.g. 1001, not a name: the kubelet checks"
                        + " runAsNonRoot against numbers only (run id -u in the image for its user's)",
                "<migration><runAsGroup> = \"99999999999\": must be at most 2147483647, the largest gid Kubernetes accepts"),
                reader.errors());
    }

    @Test
    void topLevelIdsAreReadTheSameWay() {
        assertEquals(OptionalInt.of(1000), reader.id(" 1000", "<runAsUser>", "uid"));
        assertEquals(OptionalInt.empty(), reader.id(null, "<runAsUser>", "uid"), "not set");
        assertEquals(OptionalInt.empty(), reader.id("", "<runAsGroup>", "gid"), "-Dmigration.app.runAsGroup= empties it");
        assertEquals(OptionalInt.of(-3), reader.id("-3", "<runAsGroup>", "gid"), "negative ids are the validator's to refuse");
        assertEquals(OptionalInt.empty(), reader.id("1e3", "<runAsGroup>", "gid"));
        assertEquals(List.of("<runAsGroup> = \"1e3\": must be a numeric gid, e.g. 1001, not a name: Kubernetes takes"
                + " group ids only (run id -g in the image for its user's)"), reader.errors());
    }
}
