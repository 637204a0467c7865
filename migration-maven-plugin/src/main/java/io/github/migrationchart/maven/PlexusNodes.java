package io.github.migrationchart.maven;

import io.github.migrationchart.plugins.common.ConfigNode;
import org.codehaus.plexus.configuration.PlexusConfiguration;

import java.util.Arrays;

/** A POM element as Maven hands it to a Mojo, turned into the Maven-free layer's {@link ConfigNode}. */
final class PlexusNodes {
    private PlexusNodes() {}

    static ConfigNode of(PlexusConfiguration element) {
        return ConfigNode.element(element.getName(), element.getValue(),
                Arrays.stream(element.getChildren()).map(PlexusNodes::of).toList());
    }
}
