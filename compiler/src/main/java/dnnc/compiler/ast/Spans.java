package dnnc.compiler.ast;

import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.ParseTree;
import org.antlr.v4.runtime.tree.TerminalNode;

/** Source spans of tokens and parse-tree nodes, in the AST's convention: 1-based, last character inclusive. */
final class Spans {
    private Spans() {
    }

    static Span of(Token t) {
        int line = t.getLine();
        int column = t.getCharPositionInLine() + 1;
        // EOF and tokens conjured by error recovery have no text of their own: one column wide.
        if (t.getType() == Token.EOF || t.getStartIndex() < 0 || t.getStopIndex() < t.getStartIndex()) {
            return new Span(line, column, line, column);
        }
        String text = t.getText();
        int lastBreak = text.lastIndexOf('\n');
        if (lastBreak < 0) {
            return new Span(line, column, line, column + text.codePointCount(0, text.length()) - 1);
        }
        // A string may contain an escaped line break, so its last character can be on a later line.
        int breaks = (int) text.chars().filter(c -> c == '\n').count();
        int endColumn = Math.max(1, text.codePointCount(lastBreak + 1, text.length()));
        return new Span(line, column, line + breaks, endColumn);
    }

    /**
     * From the first token of {@code ctx} to its last, leaving out a statement's optional trailing ';' (it is
     * punctuation, not part of what a message about the statement should underline). A node that matched nothing
     * gets its start token's span.
     */
    static Span of(ParserRuleContext ctx) {
        Token start = ctx.getStart();
        Token stop = ctx.getStop();
        int n = ctx.getChildCount();
        if (n > 1 && ctx.getChild(n - 1) instanceof TerminalNode last && last.getSymbol().getType() == Tokens.SEMI) {
            ParseTree before = ctx.getChild(n - 2);
            stop = before instanceof TerminalNode t ? t.getSymbol() : ((ParserRuleContext) before).getStop();
        }
        if (stop == null || stop.getTokenIndex() < start.getTokenIndex() || stop.getType() == Token.EOF) {
            return of(start);
        }
        return Span.between(of(start), of(stop));
    }

    static Span between(Token first, Token last) {
        return Span.between(of(first), of(last));
    }

    /** The column just past {@code t}: where something missing after it belongs. */
    static Span after(Token t) {
        Span s = of(t);
        if (t.getType() == Token.EOF) {
            return s;
        }
        return new Span(s.endLine(), s.endColumn() + 1, s.endLine(), s.endColumn() + 1);
    }
}
