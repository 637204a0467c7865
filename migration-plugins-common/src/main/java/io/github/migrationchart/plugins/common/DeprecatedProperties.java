package io.github.migrationchart.plugins.common;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The former property names ({@link Setting#deprecatedProperty()}), still read for one release: a
 * value given under the old name counts when neither the POM nor the new name sets the setting,
 * and every use is reported with the new name to use.
 *
 * @param values   setting name to the value given under its old property
 * @param warnings one line per old property used
 */
public record DeprecatedProperties(Map<String, String> values, List<String> warnings) {

    public DeprecatedProperties {
        values = Map.copyOf(values);
        warnings = List.copyOf(warnings);
    }

    /**
     * @param settings     the settings of the goal
     * @param properties   the properties given to the build ({@code -D}), by name
     * @param setInTheBuild whether the POM sets the setting itself (then the property is ignored, as
     *                      Maven ignores a property for a setting the POM gives)
     */
    public static DeprecatedProperties find(List<Setting> settings, Map<String, String> properties,
                                            Predicate<Setting> setInTheBuild) {
        Map<String, String> values = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();
        for (Setting setting : settings) {
            String old = setting.deprecatedProperty();
            if (old.isEmpty() || !properties.containsKey(old)) {
                continue;
            }
            if (properties.containsKey(setting.property())) {
                warnings.add("-D" + old + " is ignored: it is the former name of -D" + setting.property()
                        + ", which is given too; drop -D" + old + ".");
            } else if (setInTheBuild.test(setting)) {
                warnings.add("-D" + old + " is the former name of -D" + setting.property() + "; use the new name."
                        + " It is ignored here, as the new one would be: the POM sets " + setting.element() + ".");
            } else {
                values.put(setting.name(), properties.get(old));
                warnings.add("-D" + old + " is deprecated and will stop working in the next release: use -D"
                        + setting.property() + " (it sets " + setting.element() + ").");
            }
        }
        return new DeprecatedProperties(values, warnings);
    }
}
