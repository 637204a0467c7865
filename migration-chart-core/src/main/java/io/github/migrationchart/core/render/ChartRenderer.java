package io.github.migrationchart.core.render;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError;
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
 * Renders a {@link ChartSpec} into the files of a Helm chart with Jinjava and the templates of
 * the {@code chart-templates} module. One renderer can render many charts; it is thread-safe.
 */
public final class ChartRenderer {
    private final Jinjava jinjava;
    private final Map<ChartFile, String> templates;

    public ChartRenderer() {
        JinjavaConfig config = JinjavaConfig.newBuilder()
                .withTokenScannerSymbols(new TemplateSymbols())
                .withTrimBlocks(true)
                .withLstripBlocks(true)
                .withFailOnUnknownTokens(true)
                // Rendered user data is never evaluated again, so "{{ x }}" or "<< x >>" in it stays text.
                .withNestedInterpretationEnabled(false)
                .build();
        this.jinjava = new Jinjava(config);
        this.jinjava.getGlobalContext().registerFilter(new YamlFilter());
        this.templates = loadTemplates();
    }

    /**
     * Validates the spec and renders every file of its chart.
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
        return new RenderedChart(spec.chart().name(), new TreeMap<>(files));
    }

    private String render(ChartFile file, Map<String, Object> context) {
        RenderResult result = jinjava.renderForResult(templates.get(file), context);
        List<TemplateError> errors = result.getErrors().stream()
                .filter(error -> error.getSeverity() == TemplateError.ErrorType.FATAL)
                .toList();
        if (!errors.isEmpty()) {
            // A broken template is a bug of this library, not a user mistake.
            throw new IllegalStateException("template " + file.templateResource() + " failed: " + errors);
        }
        return result.getOutput();
    }

    private static Map<ChartFile, String> loadTemplates() {
        Map<ChartFile, String> loaded = new LinkedHashMap<>();
        ClassLoader loader = ChartRenderer.class.getClassLoader();
        for (ChartFile file : ChartFile.ALL) {
            try (InputStream in = loader.getResourceAsStream(file.templateResource())) {
                if (in == null) {
                    throw new IllegalStateException("template " + file.templateResource()
                            + " is missing from the classpath; is chart-templates on it?");
                }
                loaded.put(file, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read template " + file.templateResource(), e);
            }
        }
        return Map.copyOf(loaded);
    }
}
