package dnnc.compiler.ast;

import dnnc.compiler.ast.SyntaxMessages.Message;
import org.antlr.v4.runtime.DefaultErrorStrategy;
import org.antlr.v4.runtime.FailedPredicateException;
import org.antlr.v4.runtime.InputMismatchException;
import org.antlr.v4.runtime.NoViableAltException;
// Imported by name because this package has its own Parser class, which would otherwise win.
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.atn.ATNState;
import org.antlr.v4.runtime.misc.IntervalSet;

/**
 * ANTLR's recovery (single-token deletion and insertion, then resynchronising on what can follow) with the
 * messages rewritten by {@link SyntaxMessages}. ANTLR's own error-recovery mode already stays quiet until the
 * parser matches a token again, which keeps one mistake from producing a burst of reports.
 */
final class PlainWordsErrorStrategy extends DefaultErrorStrategy {
    private final SyntaxErrors errors;

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

    private void report(Parser parser, RecognitionException e, Token offending) {
        ParserRuleContext ctx = e.getCtx() instanceof ParserRuleContext c ? c : parser.getContext();
        report(parser, ctx, offending, e.getExpectedTokens());
    }

    private void report(Parser parser, ParserRuleContext ctx, Token offending, IntervalSet expected) {
        if (offending.getType() == Token.EOF && errors.endsInsideComment()) {
            return;
        }
        Message m = SyntaxMessages.describe(parser.getInputStream(), ctx, offending, expected);
        errors.report(m.span(), m.text());
    }
}
