package dnnc.compiler.check;

import dnnc.compiler.ast.Span;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The one sink every phase reports to, and the one format they are shown in:
 *
 * <pre>
 * model.dnn:7:15: error: cannot broadcast [10] with [3]
 *     h = a + b
 *           ^
 * note: a is [10] (line 5)
 * </pre>
 */
public final class Diagnostics {
    private final SourceFile file;
    private final List<Diagnostic> list = new ArrayList<>();

    public Diagnostics(SourceFile file) {
        this.file = file;
    }

    public SourceFile file() {
        return file;
    }

    public void error(Span span, String message, String... notes) {
        add(Diagnostic.Severity.ERROR, span, message, notes);
    }

    public void warning(Span span, String message, String... notes) {
        add(Diagnostic.Severity.WARNING, span, message, notes);
    }

    private void add(Diagnostic.Severity severity, Span span, String message, String... notes) {
        Diagnostic d = new Diagnostic(severity, span, message, List.of(notes));
        if (!list.contains(d)) {
            list.add(d);
        }
    }

    public boolean hasErrors() {
        return list.stream().anyMatch(d -> d.severity() == Diagnostic.Severity.ERROR);
    }

    public int errorCount() {
        return (int) list.stream().filter(d -> d.severity() == Diagnostic.Severity.ERROR).count();
    }

    /** All diagnostics in source order. */
    public List<Diagnostic> all() {
        List<Diagnostic> sorted = new ArrayList<>(list);
        sorted.sort(Comparator.comparingInt((Diagnostic d) -> d.span().line()).thenComparingInt(d -> d.span().column()));
        return sorted;
    }

    /** Every diagnostic in the text format, each ending with a line break. */
    public String render() {
        StringBuilder s = new StringBuilder();
        for (Diagnostic d : all()) {
            s.append(render(d));
        }
        return s.toString();
    }

    public String render(Diagnostic d) {
        Span span = d.span();
        StringBuilder s = new StringBuilder(file.path());
        if (span.line() > 0) {
            s.append(':').append(span.line()).append(':').append(span.column());
        }
        s.append(": ").append(d.severity().label()).append(": ").append(d.message()).append('\n');
        if (span.line() > 0) {
            String line = file.line(span.line()).replace('\t', ' ');
            s.append("    ").append(line).append('\n');
            s.append("    ").append(" ".repeat(Math.max(0, span.column() - 1))).append(underline(span, line)).append('\n');
        }
        for (String note : d.notes()) {
            s.append(note).append('\n');
        }
        return s.toString();
    }

    /** A caret under the first character, continued with '~' to the end of the span on the same line. */
    private static String underline(Span span, String line) {
        int end = span.endLine() == span.line() ? span.endColumn() : line.length();
        int width = Math.max(1, Math.min(end, line.length()) - span.column() + 1);
        return "^" + "~".repeat(width - 1);
    }
}
