package io.github.migrationchart.core.render;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.filter.Filter;

/**
 * {@code key:<< value | yaml(indent) >>} writes user data after a key (see {@link YamlText#afterKey}).
 * The only way user data enters a generated file, so no user string is ever template source.
 */
final class YamlFilter implements Filter {

    @Override
    public String getName() {
        return "yaml";
    }

    @Override
    public Object filter(Object value, JinjavaInterpreter interpreter, String... args) {
        int indent = args.length == 0 ? 0 : Integer.parseInt(args[0]);
        return YamlText.afterKey(value, indent);
    }
}
