package io.github.migrationchart.maven;

import com.marcnuri.helm.Helm;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProjectHelper;

import javax.inject.Inject;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Packages the chart as {@code helm package} does (through helm-java, no CLI needed) into
 * {@code target/<chartName>-<chartVersion>.tgz}, and attaches the archive to the project with type
 * {@code tgz} and classifier {@code helm}, so that {@code mvn install} and {@code mvn deploy}
 * publish it next to the project's other artifacts. With {@code -Dmigration.package.push=oci://host/path}
 * it also pushes the archive to an OCI registry ({@code helm push}), with the credentials of
 * {@code helm registry login}. The chart is generated first, as {@code migration:generate} does.
 */
@Mojo(name = "package", defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true)
public class PackageMojo extends AbstractGeneratingMojo {
    static final String TYPE = "tgz";
    static final String CLASSIFIER = "helm";
    private static final String PUSH = ConfigurationErrors.setting("push", "migration.package.push");

    /** Directory that receives {@code <chartName>-<chartVersion>.tgz}. */
    @Parameter(property = "migration.package.directory", defaultValue = "${project.build.directory}")
    File packageDirectory;

    /**
     * OCI registry to push the archive to, as {@code helm push}: {@code oci://registry.example.com/charts}.
     * Log in first with {@code helm registry login}. None by default.
     */
    @Parameter(property = "migration.package.push")
    String push;

    private final MavenProjectHelper projectHelper;

    @Inject
    public PackageMojo(MavenProjectHelper projectHelper) {
        this.projectHelper = projectHelper;
    }

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("Skipping migration:package (migration.skip=true)");
            return;
        }
        URI registry = registry();
        GeneratedChart chart = generateChart();
        Path destination = packageDirectory.toPath().toAbsolutePath().normalize();
        Path archive = destination.resolve(chart.name() + "-" + chart.version() + ".tgz");
        try {
            Files.createDirectories(destination);
            Files.deleteIfExists(archive);
            new Helm(chart.directory()).packageIt().withDestination(destination).call();
        } catch (IOException | IllegalStateException e) {
            throw new MojoExecutionException("helm package of " + chart.directory() + " failed: " + e.getMessage(), e);
        }
        if (!Files.isRegularFile(archive)) {
            throw new MojoExecutionException("helm package did not write " + archive);
        }
        projectHelper.attachArtifact(project, TYPE, CLASSIFIER, archive.toFile());
        getLog().info("Helm chart " + chart.name() + " " + chart.version() + " packaged to " + archive
                + ", attached as " + project.getGroupId() + ":" + project.getArtifactId() + ":" + TYPE + ":" + CLASSIFIER
                + ":" + project.getVersion());
        if (registry != null) {
            try {
                String result = Helm.push().withChart(archive).withRemote(registry).call();
                getLog().info("Pushed " + archive.getFileName() + " to " + registry + (result == null || result.isBlank()
                        ? "" : ": " + result.strip()));
            } catch (IllegalStateException e) {
                throw new MojoFailureException(PUSH + " = \"" + push + "\": helm push of " + archive.getFileName()
                        + " failed: " + e.getMessage().strip()
                        + "\nLog in first with `helm registry login " + registry.getAuthority()
                        + "` (helm push reads the same credentials), or check the address.");
            }
        }
    }

    /** The registry to push to, or null; checked before anything is built. */
    private URI registry() throws MojoFailureException {
        if (push == null || push.isBlank()) {
            return null;
        }
        String problem = PUSH + " = \"" + push + "\": must be oci://<registry host>[:port]/<path>,"
                + " e.g. oci://registry.example.com/charts";
        try {
            URI uri = new URI(push.strip());
            if (!"oci".equals(uri.getScheme()) || uri.getAuthority() == null) {
                throw new MojoFailureException(ConfigurationErrors.goalMessage("package", List.of(problem)));
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new MojoFailureException(ConfigurationErrors.goalMessage("package", List.of(problem)));
        }
    }
}
