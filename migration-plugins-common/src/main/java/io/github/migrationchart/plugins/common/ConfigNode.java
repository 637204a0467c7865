package io.github.migrationchart.plugins.common;

import java.util.List;
import java.util.Optional;

/**
 * One element of a setting as the user wrote it, free of any build tool's types: a POM element
 * such as {@code <migration>}, or a plain value given as a property.
 *
 * @param name      the element name, e.g. {@code backoffLimit}
 * @param value     the text of a leaf, {@code null} for none; raw (expressions not yet evaluated)
 *                  unless {@code evaluated}
 * @param children  nested elements, in order
 * @param evaluated whether the build tool already evaluated the value's expressions
 */
public record ConfigNode(String name, String value, List<ConfigNode> children, boolean evaluated) {

    public ConfigNode {
        children = List.copyOf(children);
    }

    /** A raw element, as written in the POM. */
    public static ConfigNode element(String name, String value, List<ConfigNode> children) {
        return new ConfigNode(name, value, children, false);
    }

    /** A plain value that the build tool already evaluated, such as a Mojo's String parameter. */
    public static ConfigNode evaluatedValue(String name, String value) {
        return new ConfigNode(name, value, List.of(), true);
    }

    /** A list of values that the build tool already evaluated, one child per item. */
    public static ConfigNode evaluatedList(String name, List<String> items) {
        return new ConfigNode(name, null, items.stream().map(item -> evaluatedValue("item", item)).toList(), true);
    }

    /** The first child with that name. */
    public Optional<ConfigNode> child(String childName) {
        return children.stream().filter(child -> child.name().equals(childName)).findFirst();
    }

    public boolean hasChildren() {
        return !children.isEmpty();
    }
}
