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
    private final java.util.Deque<String> context = new java.util.ArrayDeque<>();

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

    /**
     * A note added to everything reported until {@link #popContext}: while a function's body is checked for
     * one call, "note: in the call `block(x, 16)` at line 7" says which call a mistake in the body is about.
     */
    void pushContext(String note) {
        context.push(note);
    }

    void popContext() {
        context.pop();
    }

    private void add(Diagnostic.Severity severity, Span span, String message, String... notes) {
        List<String> all = new ArrayList<>(List.of(notes));
        // Innermost call first; a recursive chain repeats itself, so each call is named once.
        new java.util.LinkedHashSet<>(context).stream().limit(4).forEach(all::add);
        Diagnostic d = new Diagnostic(severity, span, message, List.copyOf(all));
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

    /**
     * Every diagnostic as one JSON object, for editors and scripts (the schema is in docs/LANGUAGE.md §11):
     * {@code {"file": ..., "diagnostics": [{"severity", "message", "range": {"start": {"line", "column"},
     * "end": {...}}, "notes": [{"kind", "message"}]}]}}. Lines and columns are 1-based and {@code end} is the
     * last character of the range; {@code range} is null for a diagnostic about the whole file.
     */
    public String json() {
        StringBuilder s = new StringBuilder("{\"file\": ").append(quote(file.path())).append(", \"diagnostics\": [");
        List<Diagnostic> sorted = all();
        for (int i = 0; i < sorted.size(); i++) {
            Diagnostic d = sorted.get(i);
            Span span = d.span();
            s.append(i == 0 ? "\n  " : ",\n  ");
            s.append("{\"severity\": ").append(quote(d.severity().label()));
            s.append(", \"message\": ").append(quote(d.message()));
            s.append(", \"range\": ");
            if (span.line() > 0) {
                s.append("{\"start\": {\"line\": ").append(span.line()).append(", \"column\": ").append(span.column())
                        .append("}, \"end\": {\"line\": ").append(span.endLine()).append(", \"column\": ")
                        .append(span.endColumn()).append("}}");
            } else {
                s.append("null");
            }
            s.append(", \"notes\": [");
            for (int j = 0; j < d.notes().size(); j++) {
                String note = d.notes().get(j);
                int colon = note.indexOf(": ");
                String kind = colon > 0 ? note.substring(0, colon) : "note";
                String text = colon > 0 ? note.substring(colon + 2) : note;
                s.append(j == 0 ? "" : ", ").append("{\"kind\": ").append(quote(kind))
                        .append(", \"message\": ").append(quote(text)).append('}');
            }
            s.append("]}");
        }
        s.append(sorted.isEmpty() ? "]}" : "\n]}").append('\n');
        return s.toString();
    }

    /** A JSON string literal (the runtime's JSON writer's rules). */
    public static String quote(String text) {
        return dnnc.runtime.io.JsonWriter.quote(text);
    }

    /** A caret under the first character, continued with '~' to the end of the span on the same line. */
    private static String underline(Span span, String line) {
        int end = span.endLine() == span.line() ? span.endColumn() : line.length();
        int width = Math.max(1, Math.min(end, line.length()) - span.column() + 1);
        return "^" + "~".repeat(width - 1);
    }
}
