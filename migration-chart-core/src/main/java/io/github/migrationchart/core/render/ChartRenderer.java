package io.github.migrationchart.core.render;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.tree.Node;
import io.github.migrationchart.core.model.ChartSpec;
import io.github.migrationchart.core.validation.ChartSpecValidator;
import io.github.migrationchart.core.validation.InvalidChartSpecException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Renders a {@link ChartSpec} into the files of a Helm chart with Jinjava and the templates of
 * the {@code chart-templates} module. One renderer can render many charts; it is thread-safe.
 *
 * <p>The templates are parsed once, when the renderer is made, and every file is rendered in a
 * context whose parent is Jinjava's global one. {@code Jinjava.renderForResult} instead parses
 * the template again and builds a parentless context that registers every filter, tag and
 * function anew, for each of the chart's files (bench/jmh's RenderBenchmark: 1.47 ms a chart
 * warm, against about 0.3 ms this way, with byte-identical output).
 */
public final class ChartRenderer {
    private final JinjavaConfig config;
    private final Jinjava jinjava;
    private final Map<ChartFile, Node> templates;

    private static final class Shared {
        static final ChartRenderer INSTANCE = new ChartRenderer();
    }

    /**
     * The renderer of this JVM, made on first use: a build that renders many charts (a reactor of
     * many modules, a daemon) parses the templates and builds Jinjava's global context once.
     */
    public static ChartRenderer shared() {
        return Shared.INSTANCE;
    }

    public ChartRenderer() {
        this.config = JinjavaConfig.newBuilder()
                .withTokenScannerSymbols(new TemplateSymbols())
                .withTrimBlocks(true)
                .withLstripBlocks(true)
                .withFailOnUnknownTokens(true)
                // Rendered user data is never evaluated again, so "{{ x }}" or "<< x >>" in it stays text.
                .withNestedInterpretationEnabled(false)
                .build();
        this.jinjava = new Jinjava(config);
        this.jinjava.getGlobalContext().registerFilter(new YamlFilter());
        this.templates = parseTemplates();
    }

    /**
     * Validates the spec and renders every file of its chart, with the spec's additions merged in
     * ({@link AdditionsMerge}).
     *
     * @throws io.github.migrationchart.core.validation.InvalidChartSpecException listing every problem
     */
    public RenderedChart render(ChartSpec spec) {
        ChartSpecValidator.requireValid(spec);
        Map<String, Object> context = TemplateContext.of(spec);
        Map<String, String> files = new TreeMap<>();
        for (ChartFile file : ChartFile.ALL) {
            if (file.emitted().test(spec)) {
                files.put(file.path(), render(file, context));
            }
        }
        RenderedChart generated = new RenderedChart(spec.chart().name(), new TreeMap<>(files));
        AdditionsMerge.Result merged = AdditionsMerge.apply(spec, generated);
        if (!merged.problems().isEmpty()) {
            throw new InvalidChartSpecException(merged.problems());
        }
        return merged.chart();
    }

    /** Renders one file; synchronized: the parsed trees are shared, and Jinjava does not promise they render concurrently. */
    private synchronized String render(ChartFile file, Map<String, Object> bindings) {
        JinjavaInterpreter interpreter = new JinjavaInterpreter(jinjava,
                new Context(jinjava.getGlobalContext(), bindings, config.getDisabled()), config);
        JinjavaInterpreter.pushCurrent(interpreter);
        try {
            String output = interpreter.render(templates.get(file), true);
            requireNoFatal(file, interpreter.getErrorsCopy());
            // as Jinjava.renderForResult does unless keepTrailingNewline is set
            return !config.isKeepTrailingNewline() && output.endsWith("\n") ? output.substring(0, output.length() - 1) : output;
        } finally {
            JinjavaInterpreter.popCurrent();
        }
    }

    private Map<ChartFile, Node> parseTemplates() {
        Map<ChartFile, Node> parsed = new LinkedHashMap<>();
        ClassLoader loader = ChartRenderer.class.getClassLoader();
        for (ChartFile file : ChartFile.ALL) {
            try (InputStream in = loader.getResourceAsStream(file.templateResource())) {
                if (in == null) {
                    throw new IllegalStateException("template " + file.templateResource()
                            + " is missing from the classpath; is chart-templates on it?");
                }
                JinjavaInterpreter parser = new JinjavaInterpreter(jinjava, new Context(jinjava.getGlobalContext()), config);
                parsed.put(file, parser.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
                requireNoFatal(file, parser.getErrorsCopy());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read template " + file.templateResource(), e);
            }
        }
        return Map.copyOf(parsed);
    }

    private static void requireNoFatal(ChartFile file, List<TemplateError> errors) {
        List<TemplateError> fatal = errors.stream()
                .filter(error -> error.getSeverity() == TemplateError.ErrorType.FATAL)
                .toList();
        if (!fatal.isEmpty()) {
            // A broken template is a bug of this library, not a user mistake.
            throw new IllegalStateException("template " + file.templateResource() + " failed: " + fatal);
        }
    }
}
