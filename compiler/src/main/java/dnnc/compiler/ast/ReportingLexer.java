package dnnc.compiler.ast;

import dnnc.grammar.DnnLexer;
import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.CommonToken;
import org.antlr.v4.runtime.Token;

/**
 * The generated lexer, plus reports for the two lexical mistakes the grammar recognises: an unterminated string
 * (passed on as a STRING so that the parser does not trip over it as well) and an unterminated comment (which the
 * grammar's comment action notes after skipping to the end of the file). Stray characters stay UNKNOWN tokens, so
 * that the parser reports them in the context of the statement they are in.
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
        Token t = super.nextToken();
        if (unterminatedCommentLine > 0) {
            int column = unterminatedCommentColumn + 1;
            errors.unterminatedComment(new Span(unterminatedCommentLine, column, unterminatedCommentLine, column + 1));
            unterminatedCommentLine = -1;
        }
        if (t.getType() == UNTERMINATED_STRING) {
            errors.unterminatedString(t);
            ((CommonToken) t).setType(STRING);
        }
        return t;
    }
}
