package dnnc.compiler.ast;

import dnnc.compiler.ast.SyntaxMessages.Message;
import dnnc.grammar.DnnLexer;
import java.util.Set;
import org.antlr.v4.runtime.DefaultErrorStrategy;
import org.antlr.v4.runtime.FailedPredicateException;
import org.antlr.v4.runtime.InputMismatchException;
import org.antlr.v4.runtime.NoViableAltException;
// Imported by name because this package has its own Parser class, which would otherwise win.
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenStream;
import org.antlr.v4.runtime.atn.ATNState;
import org.antlr.v4.runtime.misc.IntervalSet;

/**
 * ANTLR's recovery (single-token deletion and insertion, then resynchronising on what can follow) with the
 * messages rewritten by {@link SyntaxMessages}.
 *
 * <p>ANTLR's own error-recovery mode stays quiet only until the parser matches one token again, and after a
 * mistake it often matches a token or two of the broken line before tripping at the start of the next. So this
 * strategy also stays quiet until the parser has matched a token on a line after the last error: a line that
 * begins with a fresh, correct start is where independent errors can be told apart from follow-on ones.
 */
final class PlainWordsErrorStrategy extends DefaultErrorStrategy {
    private final SyntaxErrors errors;
    private int lastErrorLine = -1;
    private int lastMatchedLine = 0;
    private final ParenNesting nesting = new ParenNesting();

    private static final Set<Integer> STATEMENT_STARTS = Set.of(DnnLexer.IDENT, DnnLexer.INPUT, DnnLexer.TARGET,
            DnnLexer.PARAM, DnnLexer.OUTPUT, DnnLexer.LOSS, DnnLexer.TRAIN, DnnLexer.DATA, DnnLexer.FN,
            DnnLexer.MODEL, DnnLexer.RETURN);

    PlainWordsErrorStrategy(SyntaxErrors errors) {
        this.errors = errors;
    }

    @Override
    protected void reportNoViableAlternative(Parser parser, NoViableAltException e) {
        report(parser, e, e.getOffendingToken());
    }

    @Override
    protected void reportInputMismatch(Parser parser, InputMismatchException e) {
        report(parser, e, e.getOffendingToken());
    }

    @Override
    protected void reportFailedPredicate(Parser parser, FailedPredicateException e) {
        report(parser, e, e.getOffendingToken());
    }

    /** A token that does not belong here, followed by one that does: ANTLR deletes it. */
    @Override
    protected void reportUnwantedToken(Parser parser) {
        if (inErrorRecoveryMode(parser)) {
            return;
        }
        beginErrorCondition(parser);
        report(parser, parser.getContext(), parser.getCurrentToken(), getExpectedTokens(parser));
    }

    /** A token that is missing, judging by the one after it: ANTLR pretends it was there. */
    @Override
    protected void reportMissingToken(Parser parser) {
        if (inErrorRecoveryMode(parser)) {
            return;
        }
        beginErrorCondition(parser);
        report(parser, parser.getContext(), parser.getCurrentToken(), getExpectedTokens(parser));
    }

    /**
     * At the entry of a {@code x*} loop, ANTLR gives up on the whole enclosing rule when the next token fits
     * neither the loop nor what follows it, so one stray line at the top of a model would hide every later error
     * in that model. Skip to a token that fits instead, as ANTLR already does between iterations.
     */
    @Override
    public void sync(Parser parser) throws RecognitionException {
        ATNState state = parser.getInterpreter().atn.states.get(parser.getState());
        if (state.getStateType() != ATNState.STAR_LOOP_ENTRY || inErrorRecoveryMode(parser)) {
            super.sync(parser);
            return;
        }
        IntervalSet next = parser.getATN().nextTokens(state);
        if (next.contains(parser.getInputStream().LA(1)) || next.contains(Token.EPSILON)) {
            super.sync(parser);
            return;
        }
        if (singleTokenDeletion(parser) != null) {
            return;
        }
        reportUnwantedToken(parser);
        consumeUntil(parser, getExpectedTokens(parser).or(getErrorRecoverySet(parser)));
    }

    /**
     * Never recover by deleting a closing bracket: in {@code adam(lr = )} ANTLR would drop the ')' because the
     * name on the next line can follow '=', and then read on into the next statement as if still in the call.
     */
    @Override
    protected Token singleTokenDeletion(Parser parser) {
        int next = parser.getInputStream().LA(1);
        if (next == Tokens.RPAREN || next == Tokens.RBRACKET || next == Tokens.RBRACE) {
            return null;
        }
        return super.singleTokenDeletion(parser);
    }

    /**
     * Resynchronising (skipping tokens until one fits what can follow) with two refinements. A '{' ... '}' block
     * is skipped whole: a stray block (say, {@code train} deleted before its '{') would otherwise be read as
     * members, and its '}' would close the model early. And a name inside parentheses is not taken for the start
     * of the next statement: in a call written over several lines, {@code scale = 1/255)} on the second line
     * looks like a binding, and stopping there would report its ')' as well.
     */
    @Override
    protected void consumeUntil(Parser parser, IntervalSet set) {
        TokenStream tokens = parser.getInputStream();
        int depth = 0;
        for (Token t = tokens.LT(1); t.getType() != Token.EOF; t = tokens.LT(1)) {
            boolean fits = set.contains(t.getType())
                    && !(nesting.insideParentheses(tokens, t) && STATEMENT_STARTS.contains(t.getType()));
            if (depth == 0 && fits) {
                return;
            }
            if (t.getType() == Tokens.LBRACE) {
                depth++;
            } else if (t.getType() == Tokens.RBRACE && depth > 0) {
                depth--;
            }
            parser.consume();
        }
    }

    @Override
    public void reportMatch(Parser parser) {
        super.reportMatch(parser);
        lastMatchedLine = Math.max(lastMatchedLine, parser.getCurrentToken().getLine());
    }

    private void report(Parser parser, RecognitionException e, Token offending) {
        ParserRuleContext ctx = e.getCtx() instanceof ParserRuleContext c ? c : parser.getContext();
        report(parser, ctx, offending, e.getExpectedTokens());
    }

    private void report(Parser parser, ParserRuleContext ctx, Token offending, IntervalSet expected) {
        boolean backOnTrack = lastMatchedLine > lastErrorLine;
        if (!backOnTrack || offending.getType() == Token.EOF && errors.endsInsideComment()) {
            return;
        }
        // An unterminated string swallowed the rest of its line: whatever the parser misses right after it (a
        // ')', the model's '}') is a consequence of the one reported error.
        int i = offending.getTokenIndex();
        if (i > 0 && errors.isUnterminatedString(parser.getInputStream().get(i - 1))) {
            lastErrorLine = offending.getLine();
            return;
        }
        Message m = SyntaxMessages.describe(parser.getInputStream(), ctx, offending, expected);
        // Past the line of the message and of the token the parser stopped at: the message may point back at the
        // end of the line before (a dangling operator), and what follows on the offending line is still adrift.
        lastErrorLine = Math.max(m.span().line(), offending.getLine());
        errors.report(m.span(), m.text());
    }
}
