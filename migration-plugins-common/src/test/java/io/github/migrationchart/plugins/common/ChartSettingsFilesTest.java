package io.github.migrationchart.plugins.common;

import io.github.migrationchart.core.model.ChartSpec;
import io.github.migrationchart.core.model.EnvVarSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Chart settings that read files of the project: the built image's digest, the chart additions; and env sources. */
class ChartSettingsFilesTest {
    private static final String DIGEST = "sha256:" + "5f".repeat(32);
    private static final String REPOSITORY = "registry.example.com/team/api";

    @TempDir
    Path project;

    private Validated<ChartSpec> read(Map<String, String> values, String migrationXml) throws Exception {
        Map<String, ConfigNode> given = new LinkedHashMap<>();
        given.put("chartName", ConfigNode.evaluatedValue("chartName", "api"));
        given.put("chartVersion", ConfigNode.evaluatedValue("chartVersion", "1.4.0"));
        given.put("image", ConfigNode.evaluatedValue("image", REPOSITORY));
        given.put("imageTag", ConfigNode.evaluatedValue("imageTag", "1.4.0"));
        values.forEach((name, value) -> given.put(name, ConfigNode.evaluatedValue(name, value)));
        given.put("migration", Xml.node(migrationXml));
        return ChartSettings.read(given, new ConfigReader(raw -> raw), new ProjectLayout(project, project.resolve("target")));
    }

    private Validated<ChartSpec> read(Map<String, String> values) throws Exception {
        return read(values, "<migration><args><a>migrate</a></args></migration>");
    }

    private void jibWrote(String image) throws Exception {
        Files.createDirectories(project.resolve("target"));
        Files.writeString(project.resolve("target/jib-image.json"), "{\"image\":\"" + image + "\",\"imageId\":\"sha256:"
                + "00".repeat(32) + "\",\"imageDigest\":\"" + DIGEST + "\",\"tags\":[\"1.4.0\"],\"imagePushed\":true}");
    }

    @Test
    void jibsDigestOfThisImageIsPinnedAndSaidSo() throws Exception {
        jibWrote(REPOSITORY + ":1.4.0");
        Validated<ChartSpec> chart = read(Map.of());
        assertEquals(List.of(), chart.errors());
        assertEquals(DIGEST, chart.value().app().image().digest());
        assertEquals(List.of("Image " + REPOSITORY + " pinned to " + DIGEST + ", the digest in target/jib-image.json"
                + " (<imageDigestFile> (-Dmigration.app.imageDigestFile); none deploys by tag)"), chart.notes());
    }

    @Test
    void aDigestFileOfAnotherImageIsNotUsed() throws Exception {
        jibWrote("registry.example.com/team/worker:1.4.0");
        Validated<ChartSpec> chart = read(Map.of());
        assertEquals(List.of(), chart.errors());
        assertEquals("", chart.value().app().image().digest());
        assertEquals(List.of("Image not pinned by digest: target/jib-image.json is for registry.example.com/team/worker,"
                + " not for " + REPOSITORY + " (<image>)"), chart.notes());
    }

    @Test
    void anExplicitDigestWinsAndNoneSwitchesTheFileOff() throws Exception {
        jibWrote(REPOSITORY + ":1.4.0");
        String other = "sha256:" + "ab".repeat(32);
        assertEquals(other, read(Map.of("imageDigest", other)).value().app().image().digest());
        Validated<ChartSpec> none = read(Map.of("imageDigestFile", "none"));
        assertEquals("", none.value().app().image().digest());
        assertEquals(List.of(), none.notes());
    }

    @Test
    void otherDigestFilesAndTheirProblems() throws Exception {
        Files.writeString(project.resolve("digest.txt"), REPOSITORY + "@" + DIGEST + "\n");
        assertEquals(DIGEST, read(Map.of("imageDigestFile", "digest.txt")).value().app().image().digest());
        Files.writeString(project.resolve("buildx.json"), "{\"containerimage.digest\": \"" + DIGEST + "\", \"image.name\": \""
                + REPOSITORY + ":1.4.0\"}");
        assertEquals(DIGEST, read(Map.of("imageDigestFile", "buildx.json")).value().app().image().digest());

        assertEquals(List.of("<imageDigestFile> (-Dmigration.app.imageDigestFile) = \"missing.json\": does not exist ("
                        + project.resolve("missing.json") + "); build the image before this goal runs, give the digest itself in"
                        + " <imageDigest>, or set it to none to deploy by tag"),
                read(Map.of("imageDigestFile", "missing.json")).errors());
        Files.writeString(project.resolve("broken.txt"), "latest");
        assertEquals(List.of("<imageDigestFile> (-Dmigration.app.imageDigestFile) = \"broken.txt\": holds no image digest"
                + " (sha256: and 64 hex digits) where one is expected"), read(Map.of("imageDigestFile", "broken.txt")).errors());
        assertEquals(List.of("<imageDigest> = \"sha256:12\": is not an image digest: sha256: and"
                        + " 64 lowercase hex digits, as docker buildx imagetools inspect, crane digest or Jib's"
                        + " target/jib-image.digest print it"),
                read(Map.of("imageDigest", "sha256:12")).errors());
    }

    @Test
    void chartAdditionsAreReadFromSrcMainHelmWhenItExists() throws Exception {
        assertTrue(read(Map.of()).value().additions().isEmpty(), "no src/main/helm, no additions, no error");
        Files.createDirectories(project.resolve("src/main/helm/templates"));
        Files.writeString(project.resolve("src/main/helm/templates/extra.yaml"), "kind: ConfigMap\n");
        Validated<ChartSpec> chart = read(Map.of());
        assertEquals(List.of(), chart.errors());
        assertEquals("src/main/helm", chart.value().additions().origin());
        assertEquals(List.of("templates/extra.yaml"), List.copyOf(chart.value().additions().files().keySet()));

        assertEquals(List.of("<chartAdditions> (-Dmigration.chart.additions) = \"helm\": is not a directory ("
                        + project.resolve("helm") + "); give the directory of the project's own chart files (templates/,"
                        + " values.yaml), or leave it unset"),
                read(Map.of("chartAdditions", "helm")).errors());
        Files.writeString(project.resolve("src/main/helm/templates/deployment.yaml"), "kind: Deployment\n");
        assertEquals(List.of("<chartAdditions> = \"src/main/helm/templates/deployment.yaml\": has the"
                        + " name of a file the plugin generates (templates/deployment.yaml); give it another name, or change"
                        + " the generated one through the build's settings"),
                read(Map.of()).errors());
    }

    @Test
    void envEntriesTakeValuesFromSources() throws Exception {
        Validated<ChartSpec> chart = read(Map.of(), """
                <migration>
                  <args><a>migrate</a></args>
                  <env>
                    <LOG_LEVEL>info</LOG_LEVEL>
                    <DB_PASSWORD><secretKeyRef><name>db</name><key>password</key></secretKeyRef></DB_PASSWORD>
                    <NODE><fieldRef><fieldPath>spec.nodeName</fieldPath></fieldRef></NODE>
                  </env>
                </migration>""");
        assertEquals(List.of(), chart.errors());
        assertEquals(Map.of("LOG_LEVEL", "info"), chart.value().migration().env());
        assertEquals(Map.of("DB_PASSWORD", EnvVarSource.secretKey("db", "password"),
                "NODE", new EnvVarSource("fieldRef", Map.of("fieldPath", "spec.nodeName"))), chart.value().migration().envSources());

        Validated<ChartSpec> wrong = read(Map.of(), """
                <migration>
                  <args><a>migrate</a></args>
                  <env>
                    <DB_PASSWORD><secretKeyRef><name>db</name><path>password</path></secretKeyRef></DB_PASSWORD>
                  </env>
                </migration>""");
        assertEquals(List.of(
                "<migration><env><DB_PASSWORD><secretKeyRef><path> is not a setting of <migration><env><DB_PASSWORD><secretKeyRef>."
                        + " Known: key, name, optional.",
                "<migration><env><DB_PASSWORD><secretKeyRef><key> = \"\": is required: secretKeyRef needs name and key",
                "<migration><env><DB_PASSWORD><secretKeyRef><path> = \"path\": is not a field of secretKeyRef; it has name, key, optional"),
                wrong.errors());
    }
}
