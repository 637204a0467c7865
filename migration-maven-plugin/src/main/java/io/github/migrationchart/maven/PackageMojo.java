package io.github.migrationchart.maven;

import io.github.migrationchart.plugins.common.Booleans;
import io.github.migrationchart.plugins.common.ChartGeneration.GeneratedChart;
import io.github.migrationchart.plugins.common.ChartPackaging;
import io.github.migrationchart.plugins.common.GoalFailure;
import io.github.migrationchart.plugins.common.PluginSettings;
import io.github.migrationchart.plugins.common.PushTarget;
import io.github.migrationchart.plugins.common.Validated;
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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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

    /** Directory that receives {@code <chartName>-<chartVersion>.tgz}. */
    @Parameter(property = "migration.package.directory", defaultValue = "${project.build.directory}")
    File packageDirectory;

    /**
     * OCI registry to push the archive to, as {@code helm push}: {@code oci://registry.example.com/charts}.
     * Log in first with {@code helm registry login}. None by default.
     */
    @Parameter(property = "migration.package.push")
    String push;

    /**
     * Push over plain HTTP instead of HTTPS ({@code helm push --plain-http}): for a registry without
     * TLS, such as a local development registry.
     */
    @Parameter(property = "migration.package.push.plainHttp", defaultValue = "false")
    String pushPlainHttp;

    private final MavenProjectHelper projectHelper;

    @Inject
    public PackageMojo(MavenProjectHelper projectHelper) {
        this.projectHelper = projectHelper;
    }

    @Override
    String goal() {
        return "package";
    }

    @Override
    void run() throws MojoExecutionException, MojoFailureException {
        Validated<Optional<URI>> registry = PushTarget.read(push);
        List<String> errors = new ArrayList<>(registry.errors());
        boolean plainHttp = Booleans.read(pushPlainHttp, PluginSettings.PACKAGE_PUSH_PLAIN_HTTP, false, errors);
        errors.addAll(generationErrors());
        GeneratedChart chart = generateChart(validChart(errors));
        Path archive;
        try {
            archive = ChartPackaging.packageChart(chart, packageDirectory.toPath());
        } catch (IOException e) {
            throw new MojoExecutionException(e.getMessage(), e);
        }
        projectHelper.attachArtifact(project, TYPE, CLASSIFIER, archive.toFile());
        getLog().info("Helm chart " + chart.name() + " " + chart.version() + " packaged to " + archive
                + ", attached as " + project.getGroupId() + ":" + project.getArtifactId() + ":" + TYPE + ":" + CLASSIFIER
                + ":" + project.getVersion());
        if (registry.value().isPresent()) {
            try {
                ChartPackaging.push(archive, registry.value().get(), push.strip(), plainHttp, getLog()::info);
            } catch (GoalFailure e) {
                throw new MojoFailureException(e.getMessage());
            }
        }
    }
}
