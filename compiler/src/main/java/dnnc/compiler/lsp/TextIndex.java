package dnnc.compiler.lsp;

import dnnc.compiler.ast.Span;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;

/**
 * Converts between the compiler's {@link Span}s (1-based lines and columns counted in code points, last character
 * included) and the protocol's positions (0-based lines, columns in UTF-16 units, end excluded).
 */
final class TextIndex {
    private final String text;
    private final List<Integer> lineStarts = new ArrayList<>();
    /** The parser skips a leading byte-order mark, so columns on line 1 are one short of the document's. */
    private final int bom;

    TextIndex(String text) {
        this.text = text;
        this.bom = text.startsWith("\uFEFF") ? 1 : 0;
        lineStarts.add(0);
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                lineStarts.add(i + 1);
            }
        }
    }

    String text() {
        return text;
    }

    /** The offset in the text of a protocol position, clamped to the text. */
    int offset(Position p) {
        int line = Math.max(0, Math.min(p.getLine(), lineStarts.size() - 1));
        int start = lineStarts.get(line);
        return Math.max(start, Math.min(start + Math.max(0, p.getCharacter()), lineEnd(line)));
    }

    Position position(int offset) {
        int line = lineOf(offset);
        return new Position(line, offset - lineStarts.get(line));
    }

    /** The protocol range of a span; a span with no position (line 0) is the start of the file. */
    Range range(Span span) {
        if (span.line() <= 0) {
            return new Range(new Position(0, 0), new Position(0, 0));
        }
        return new Range(position(span.line(), span.column()), position(span.endLine(), span.endColumn() + 1));
    }

    /** True when {@code p} is on a character of {@code span} or just after its last one (where a cursor ends a word). */
    boolean touches(Span span, Position p) {
        if (span.line() <= 0) {
            return false;
        }
        Range r = range(span);
        return compare(r.getStart(), p) <= 0 && compare(p, r.getEnd()) <= 0;
    }

    static int compare(Position a, Position b) {
        return a.getLine() != b.getLine() ? Integer.compare(a.getLine(), b.getLine())
                : Integer.compare(a.getCharacter(), b.getCharacter());
    }

    /** 1-based line, 1-based column in code points (as the lexer counts) to a protocol position. */
    private Position position(int line, int column) {
        int l = Math.max(0, Math.min(line - 1, lineStarts.size() - 1));
        int start = lineStarts.get(l) + (l == 0 ? bom : 0);
        int end = lineEnd(l);
        int offset = start;
        for (int cp = 1; cp < column && offset < end; cp++) {
            offset += Character.charCount(text.codePointAt(offset));
        }
        if (column - 1 > text.codePointCount(start, end)) {   // past the end of the line (a span at end of file)
            offset = end + (column - 1 - text.codePointCount(start, end));
        }
        return new Position(l, offset - lineStarts.get(l));
    }

    private int lineEnd(int line) {
        int end = line + 1 < lineStarts.size() ? lineStarts.get(line + 1) - 1 : text.length();
        if (end > lineStarts.get(line) && end - 1 < text.length() && end > 0 && text.charAt(end - 1) == '\r') {
            end--;
        }
        return end;
    }

    private int lineOf(int offset) {
        int lo = 0;
        int hi = lineStarts.size() - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (lineStarts.get(mid) <= offset) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }
}
