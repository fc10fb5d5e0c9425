package dnnc.compiler.ast;

import dnnc.grammar.DnnLexer;
import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.CommonToken;
import org.antlr.v4.runtime.Token;

/**
 * The generated lexer, plus reports for the two lexical mistakes the grammar recognises as tokens of their own:
 * an unterminated string (passed on as a STRING so that the parser does not trip over it too) and an
 * unterminated comment (which runs to the end of the file and is dropped). Stray characters stay UNKNOWN
 * tokens: the parser reports them with its position in the statement.
 */
final class ReportingLexer extends DnnLexer {
    private final SyntaxErrors errors;

    ReportingLexer(CharStream input, SyntaxErrors errors) {
        super(input);
        this.errors = errors;
        removeErrorListeners();
        addErrorListener(errors.listener());
    }

    @Override
    public Token nextToken() {
        while (true) {
            Token t = super.nextToken();
            switch (t.getType()) {
                case UNTERMINATED_STRING -> {
                    errors.report(Spans.of(t), "unterminated string: add a closing '\"' before the end of the line");
                    ((CommonToken) t).setType(STRING);
                    return t;
                }
                case UNTERMINATED_COMMENT -> {
                    Span opening = new Span(t.getLine(), t.getCharPositionInLine() + 1,
                            t.getLine(), t.getCharPositionInLine() + 2);
                    errors.report(opening, "unterminated comment (opened at line " + t.getLine()
                            + "): add a closing '*/'");
                }
                default -> {
                    return t;
                }
            }
        }
    }
}
