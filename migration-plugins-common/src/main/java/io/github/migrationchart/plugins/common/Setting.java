package io.github.migrationchart.plugins.common;

/**
 * One top-level setting of a goal, as the POM and the command line name it.
 *
 * @param name               the POM element, e.g. {@code imageTag}
 * @param property           the {@code -D} property, e.g. {@code migration.app.imageTag}; empty when
 *                           the setting is nested XML and has none
 * @param deprecatedProperty the property's former name, still read for one release with a
 *                           warning; empty when there is none
 * @param modelPath          the path core problems use for it, e.g. {@code app.image.tag}; empty
 *                           for goal settings that are not part of the chart
 */
public record Setting(String name, String property, String deprecatedProperty, String modelPath) {

    /** A setting that is part of the chart model. */
    static Setting chart(String name, String property, String deprecatedProperty, String modelPath) {
        return new Setting(name, property, deprecatedProperty, modelPath);
    }

    /** A setting of how a goal runs, not part of the chart. */
    static Setting goal(String name, String property) {
        return new Setting(name, property, "", "");
    }

    /** How messages name it: {@code <values> (-Dmigration.render.values)}, or {@code <appEnv>}. */
    public String display() {
        return property.isEmpty() ? element() : element() + " (-D" + property + ")";
    }

    /** {@code <name>} */
    public String element() {
        return "<" + name + ">";
    }
}
