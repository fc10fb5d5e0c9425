package dnnc.compiler.ast;

/** A range of source text: 1-based line and column of the first character, and of the last character. */
public record Span(int line, int column, int endLine, int endColumn) {
    public static final Span NONE = new Span(0, 0, 0, 0);

    public static Span between(Span first, Span last) {
        return new Span(first.line, first.column, last.endLine, last.endColumn);
    }
}
