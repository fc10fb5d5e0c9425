package dnnc.compiler.ast;

import dnnc.compiler.check.Diagnostics;
import java.util.HashSet;
import java.util.Set;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;

/**
 * Where the front end's lexical and syntax errors go on their way to {@link Diagnostics}. It keeps at most one
 * error per line: after a mistake, ANTLR's recovery often trips again on the rest of the same line, and those
 * follow-on messages only bury the real one.
 */
final class SyntaxErrors {
    private final Diagnostics diagnostics;
    private final Set<Integer> linesWithErrors = new HashSet<>();
    private boolean reportedNesting;
    private final Set<Integer> unterminatedStrings = new HashSet<>();
    private boolean swallowedBrace;
    private boolean endsInsideComment;

    SyntaxErrors(Diagnostics diagnostics) {
        this.diagnostics = diagnostics;
    }

    void report(Span span, String message) {
        if (linesWithErrors.add(span.line())) {
            diagnostics.error(span, message);
        }
    }

    /** A string without its closing quote, which ran to the end of its line. */
    void unterminatedString(org.antlr.v4.runtime.Token t) {
        unterminatedStrings.add(t.getStartIndex());
        swallowedBrace |= t.getText().indexOf('}') >= 0;
        report(Spans.of(t), "unterminated string: add a closing '\"' before the end of the line");
    }

    boolean isUnterminatedString(org.antlr.v4.runtime.Token t) {
        return t != null && unterminatedStrings.contains(t.getStartIndex());
    }

    /** An unterminated comment swallowed the rest of the file, closing braces included. */
    void unterminatedComment(Span opening) {
        endsInsideComment = true;
        report(opening, "unterminated comment (opened at line " + opening.line() + "): add a closing '*/'");
    }

    /**
     * After an unterminated comment, or a string that ran over a '}' to the end of its line, what the parser
     * misses at the end of the file is a consequence, not news.
     */
    boolean endsInsideComment() {
        return endsInsideComment || swallowedBrace;
    }

    /** Deep nesting overflows the stack once per file, not once per level: say it once. */
    void nestedTooDeeply(Span span) {
        if (!reportedNesting) {
            reportedNesting = true;
            report(span, "expression nested too deeply");
        }
    }

    /**
     * Catches whatever ANTLR still sends to error listeners. The grammar's UNKNOWN token means the lexer itself
     * never fails, and the error strategy reports the parser's errors directly, so this is a safety net.
     */
    BaseErrorListener listener() {
        return new BaseErrorListener() {
            @Override
            public void syntaxError(Recognizer<?, ?> recognizer, Object offendingSymbol, int line,
                                    int charPositionInLine, String msg, RecognitionException e) {
                int column = charPositionInLine + 1;
                report(new Span(line, column, line, column), msg);
            }
        };
    }
}
