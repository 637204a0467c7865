package io.github.migrationchart.core.render;

import com.hubspot.jinjava.tree.parse.TokenScannerSymbols;

/**
 * Jinjava delimiters of the chart templates: {@code << expr >>}, {@code <% tag %>},
 * {@code <# comment #>}.
 *
 * <p>Helm's own templates use {@code {{ }}}, as Jinjava does by default. With these delimiters
 * every {@code {{ }}} in a template is plain text to Jinjava and reaches the chart untouched,
 * without {@code raw} blocks around every Helm expression; the build-time parts stand out.
 */
final class TemplateSymbols extends TokenScannerSymbols {
    private static final long serialVersionUID = 1L;

    @Override public char getPrefixChar() { return '<'; }
    @Override public char getPostfixChar() { return '>'; }
    @Override public char getFixedChar() { return 0; }
    @Override public char getNoteChar() { return '#'; }
    @Override public char getTagChar() { return '%'; }
    @Override public char getExprStartChar() { return '<'; }
    @Override public char getExprEndChar() { return '>'; }
    @Override public char getNewlineChar() { return '\n'; }
    @Override public char getTrimChar() { return '-'; }
}
