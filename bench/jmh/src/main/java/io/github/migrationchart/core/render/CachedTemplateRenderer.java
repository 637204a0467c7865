package io.github.migrationchart.core.render;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.tree.Node;
import io.github.migrationchart.core.model.ChartSpec;
import io.github.migrationchart.core.validation.ChartSpecValidator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * BENCHMARK PROTOTYPE, not part of the product: what {@link ChartRenderer} would look like with the
 * two changes bench/README.md suggests, so their gain is measured rather than guessed. It lives in
 * the core's package only to reach its package-private helpers (TemplateContext, ChartFile,
 * YamlFilter, TemplateSymbols). RenderBenchmark checks that its output equals ChartRenderer's,
 * byte for byte, before it measures anything.
 *
 * <ol>
 *   <li>Each template is parsed once, in the constructor, into a Jinjava {@link Node} tree, instead of
 *       on every render ({@code Jinjava.renderForResult(String, Map)} re-scans and re-parses the source).</li>
 *   <li>Each file is rendered in a {@link Context} whose parent is the renderer's global context.
 *       {@code Jinjava.renderForResult} instead calls {@code copyGlobalContext()}, a parentless Context
 *       that registers every default filter, tag, function and test again by reflection
 *       ({@code SimpleLibrary.registerClasses}): about 200 objects, 15 times per chart.</li>
 * </ol>
 */
public final class CachedTemplateRenderer {
    private final JinjavaConfig config;
    private final Jinjava jinjava;
    private final Map<String, Node> trees = new LinkedHashMap<>();

    public CachedTemplateRenderer() {
        config = JinjavaConfig.newBuilder()
                .withTokenScannerSymbols(new TemplateSymbols())
                .withTrimBlocks(true)
                .withLstripBlocks(true)
                .withFailOnUnknownTokens(true)
                .withNestedInterpretationEnabled(false)
                .build();
        jinjava = new Jinjava(config);
        jinjava.getGlobalContext().registerFilter(new YamlFilter());
        ClassLoader loader = ChartRenderer.class.getClassLoader();
        for (ChartFile file : ChartFile.ALL) {
            JinjavaInterpreter parser = new JinjavaInterpreter(jinjava, new Context(jinjava.getGlobalContext()), config);
            try (InputStream in = loader.getResourceAsStream(file.templateResource())) {
                if (in == null) {
                    throw new IllegalStateException("template " + file.templateResource() + " is missing");
                }
                trees.put(file.path(), parser.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            requireNoFatal(file, parser.getErrorsCopy());
        }
    }

    public RenderedChart render(ChartSpec spec) {
        ChartSpecValidator.requireValid(spec);
        Map<String, Object> bindings = TemplateContext.of(spec);
        Map<String, String> files = new TreeMap<>();
        for (ChartFile file : ChartFile.ALL) {
            if (file.emitted().test(spec)) {
                files.put(file.path(), render(file, bindings));
            }
        }
        return new RenderedChart(spec.chart().name(), new TreeMap<>(files));
    }

    private String render(ChartFile file, Map<String, Object> bindings) {
        Context context = new Context(jinjava.getGlobalContext(), bindings, config.getDisabled());
        JinjavaInterpreter interpreter = new JinjavaInterpreter(jinjava, context, config);
        JinjavaInterpreter.pushCurrent(interpreter);
        try {
            String output = interpreter.render(trees.get(file.path()), true);
            requireNoFatal(file, interpreter.getErrorsCopy());
            // as Jinjava.renderForResult does unless keepTrailingNewline
            return !config.isKeepTrailingNewline() && output.endsWith("\n")
                    ? output.substring(0, output.length() - 1)
                    : output;
        } finally {
            JinjavaInterpreter.popCurrent();
        }
    }

    private static void requireNoFatal(ChartFile file, List<TemplateError> errors) {
        List<TemplateError> fatal = errors.stream()
                .filter(error -> error.getSeverity() == TemplateError.ErrorType.FATAL)
                .toList();
        if (!fatal.isEmpty()) {
            throw new IllegalStateException("template " + file.templateResource() + " failed: " + fatal);
        }
    }
}
