package io.github.migrationchart.maven;

import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Generates the Helm chart: the application's Deployment and Service, and the migration Job that
 * Helm runs before every install and upgrade. The chart is checked with {@code helm lint --strict}
 * and {@code helm template} (Helm as a library, no CLI needed) before it replaces the previous one,
 * so a failed build never leaves a half-written or broken chart behind.
 */
@Mojo(name = "generate", defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true)
public class GenerateMojo extends AbstractGeneratingMojo {

    @Override
    String goal() {
        return "generate";
    }

    @Override
    void run() throws MojoExecutionException, MojoFailureException {
        generateChart(validChart(generationErrors()));
    }
}
