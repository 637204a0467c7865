package io.github.migrationchart.maven;

import io.github.migrationchart.plugins.common.Suggestions;
import org.apache.maven.model.Plugin;
import org.apache.maven.model.PluginExecution;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.descriptor.MojoDescriptor;
import org.apache.maven.plugin.descriptor.Parameter;
import org.apache.maven.plugin.descriptor.PluginDescriptor;
import org.apache.maven.project.MavenProject;
import org.codehaus.plexus.util.xml.Xpp3Dom;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Finds settings in the plugin's {@code <configuration>} that no goal of the plugin knows. Maven
 * itself only warns about them; a misspelt setting silently falling back to its default is exactly
 * the kind of surprise that ships a wrong chart, so they are errors here.
 */
final class UnknownParameters {
    private UnknownParameters() {}

    static List<String> find(MavenProject project, MojoExecution execution) {
        PluginDescriptor descriptor = execution.getMojoDescriptor().getPluginDescriptor();
        Set<String> known = knownParameters(descriptor);
        Plugin plugin = project.getPlugin(descriptor.getPluginLookupKey());
        List<String> errors = new ArrayList<>();
        if (plugin == null) {
            return List.of();
        }
        check(plugin.getConfiguration(), known, errors);
        PluginExecution pluginExecution = plugin.getExecutionsAsMap().get(execution.getExecutionId());
        if (pluginExecution != null) {
            check(pluginExecution.getConfiguration(), known, errors);
        }
        // An execution inherits the plugin-level configuration: report each setting once.
        return errors.stream().distinct().toList();
    }

    private static Set<String> knownParameters(PluginDescriptor descriptor) {
        Set<String> known = new TreeSet<>();
        for (MojoDescriptor mojo : descriptor.getMojos()) {
            for (Parameter parameter : mojo.getParameters()) {
                if (parameter.isEditable()) {
                    known.add(parameter.getName());
                    if (parameter.getAlias() != null) {
                        known.add(parameter.getAlias());
                    }
                }
            }
        }
        return known;
    }

    private static void check(Object configuration, Set<String> known, List<String> errors) {
        if (!(configuration instanceof Xpp3Dom dom)) {
            return;
        }
        for (Xpp3Dom child : dom.getChildren()) {
            if (!known.contains(child.getName())) {
                errors.add("<" + child.getName() + "> is not a setting of migration-maven-plugin."
                        + Suggestions.didYouMean(child.getName(), known, "")
                        + " See `mvn migration:help -Ddetail` for every setting.");
            }
        }
    }
}
