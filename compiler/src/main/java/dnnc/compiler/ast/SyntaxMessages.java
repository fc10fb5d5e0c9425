package dnnc.compiler.ast;

import static dnnc.compiler.ast.Tokens.COLON;
import static dnnc.compiler.ast.Tokens.COMMA;
import static dnnc.compiler.ast.Tokens.EQUALS;
import static dnnc.compiler.ast.Tokens.LBRACE;
import static dnnc.compiler.ast.Tokens.LBRACKET;
import static dnnc.compiler.ast.Tokens.LPAREN;
import static dnnc.compiler.ast.Tokens.RBRACE;
import static dnnc.compiler.ast.Tokens.RBRACKET;
import static dnnc.compiler.ast.Tokens.RPAREN;
import static dnnc.compiler.ast.Tokens.quote;
import static dnnc.grammar.DnnLexer.*;

import dnnc.grammar.DnnParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenStream;
import org.antlr.v4.runtime.misc.IntervalSet;
import org.antlr.v4.runtime.tree.TerminalNode;

/**
 * Turns what ANTLR knows at a syntax error (the rule being parsed, the offending token, the set of tokens that
 * would have been accepted) into a sentence a user can act on. Each rule gets the cases that happen in practice;
 * anything else falls back to listing the expected tokens in words.
 */
final class SyntaxMessages {
    record Message(Span span, String text) {
    }

    static final String DECLARATION =
            "a declaration (input, target, param, output, loss, train, data, or name = value)";
    private static final List<String> MEMBER_KEYWORDS =
            List.of("input", "target", "param", "output", "loss", "train", "data");
    /** Tokens that cannot be inside a model or block, so finding one there means a '}' is missing. */
    private static final Set<Integer> OUTSIDE_A_MODEL = Set.of(Token.EOF, FN, MODEL);
    private static final Set<Integer> OUTSIDE_A_SETTINGS_BLOCK =
            Set.of(Token.EOF, FN, MODEL, INPUT, TARGET, PARAM, OUTPUT, LOSS);

    private static final Set<Integer> BINARY_OPERATORS = Set.of(
            Tokens.literal("+"), Tokens.MINUS, Tokens.literal("*"), Tokens.literal("/"), Tokens.literal("@"),
            Tokens.literal("^"));

    private final Token found;
    private final Token previous;
    private final Token beforePrevious;
    private final IntervalSet expected;

    private SyntaxMessages(Token found, List<Token> before, IntervalSet expected) {
        this.found = found;
        this.previous = before.size() > 0 ? before.get(0) : null;
        this.beforePrevious = before.size() > 1 ? before.get(1) : null;
        this.expected = expected;
    }

    static Message describe(TokenStream tokens, ParserRuleContext ctx, Token found, IntervalSet expected) {
        List<Token> before = new ArrayList<>();
        for (int i = found.getTokenIndex() - 1; i >= 0 && before.size() < 2; i--) {
            if (tokens.get(i).getChannel() == Token.DEFAULT_CHANNEL) {
                before.add(tokens.get(i));
            }
        }
        return new SyntaxMessages(found, before, expected).describe(ctx);
    }

    private Message describe(ParserRuleContext ctx) {
        if (found.getType() == UNKNOWN) {
            return new Message(Spans.of(found), "unexpected character " + quote(found));
        }
        // "h = a +" then "g = 2" on the next line reads as "h = a + g" followed by a stray '='. Point at the
        // operator left dangling at the end of the line instead.
        if (found.getType() == EQUALS && previous != null && previous.getType() == IDENT && beforePrevious != null
                && BINARY_OPERATORS.contains(beforePrevious.getType()) && beforePrevious.getLine() < previous.getLine()) {
            return new Message(Spans.after(beforePrevious), "expected an expression after " + quote(beforePrevious)
                    + " (the name " + quote(previous) + " on the next line was read as its operand)");
        }
        Message m = ctx instanceof DnnParser.TensorTypeContext ? tensorType() : unclosedParenthesis(ctx);
        if (m == null && expects(NUMBER) && expects(STRING)) {
            m = expecting("expected an expression" + afterPrevious());
        }
        if (m == null) {
            m = byRule(ctx);
        }
        return m != null ? m : expecting("expected " + Tokens.describe(expected));
    }

    private Message byRule(ParserRuleContext ctx) {
        if (ctx instanceof DnnParser.ProgramContext) {
            return unexpected("expected a function (fn ...) or a model (model Name { ... })", List.of("fn", "model"));
        } else if (ctx instanceof DnnParser.ModelDefContext model) {
            return model(model);
        } else if (ctx instanceof DnnParser.InputDeclContext) {
            return declaration("input", "input x: float[784]");
        } else if (ctx instanceof DnnParser.TargetDeclContext) {
            return declaration("target", "target y: label[10]");
        } else if (ctx instanceof DnnParser.ParamDeclContext) {
            return declaration("param", "param W: float[4, 1] = glorot");
        } else if (ctx instanceof DnnParser.OutputDeclContext && expects(IDENT)) {
            return expecting("expected a name after 'output', as in `output probs = softmax(logits)`");
        } else if (ctx instanceof DnnParser.LossDeclContext && expects(EQUALS)) {
            return expecting("expected '=' after 'loss', as in `loss = cross_entropy(logits, y)`");
        } else if (ctx instanceof DnnParser.SettingsBlockContext block) {
            return settingsBlock(block);
        } else if (ctx instanceof DnnParser.BindingContext binding && expects(EQUALS)) {
            return binding(binding);
        } else if (ctx instanceof DnnParser.SettingContext setting && expects(EQUALS)) {
            return expecting("expected '=' after the setting name " + name(setting.key));
        } else if (ctx instanceof DnnParser.ArgContext arg && expects(EQUALS)) {
            return argumentName(arg);
        } else if (ctx instanceof DnnParser.FnDefContext fn) {
            return function(fn);
        } else if (ctx.getClass() == DnnParser.MemberContext.class) {
            return unexpected("expected " + DECLARATION);
        }
        return null;
    }

    private Message model(DnnParser.ModelDefContext model) {
        if (expects(RBRACE)) {
            if (OUTSIDE_A_MODEL.contains(found.getType())) {
                return expecting("expected '}' to close model " + name(model.name) + opened(model, LBRACE));
            }
            return unexpected("expected " + DECLARATION);
        }
        if (expects(IDENT)) {
            return expecting("expected a model name after 'model', as in `model Mnist { ... }`");
        }
        return expects(LBRACE) ? expecting("expected '{' after the model name") : null;
    }

    private Message declaration(String keyword, String example) {
        if (expects(IDENT)) {
            return expecting("expected a name after '" + keyword + "', as in `" + example + "`");
        }
        if (expects(COLON)) {
            boolean typeWritten = found.getType() == FLOAT || found.getType() == LABEL;
            return missing(typeWritten
                    ? "missing ':' between the " + keyword + " name and its type, as in `" + example + "`"
                    : "missing ':' and a type after the " + keyword + " name, as in `" + example + "`");
        }
        return null;
    }

    private Message tensorType() {
        if (expects(FLOAT)) {
            return expecting("expected a type like float[784] or label[10]" + afterPrevious());
        }
        if (expects(LBRACKET)) {
            return expecting("expected a dimension list like float[28, 28]");
        }
        if (expects(NUMBER)) {
            return expecting("expected a dimension (a number)" + afterPrevious() + ", as in float[28, 28]");
        }
        return expects(RBRACKET) ? expecting("expected ',' or ']' in the dimension list") : null;
    }

    /** A missing ')' is best described by pointing back at the '(' it would close. */
    private Message unclosedParenthesis(ParserRuleContext ctx) {
        // Right after '(' or ',' an argument was due: "expected an expression" says more than the ')'.
        if (!expects(RPAREN) || expects(NUMBER) && found.getType() == COMMA) {
            return null;
        }
        for (ParserRuleContext c = ctx; c instanceof DnnParser.ExprContext || c instanceof DnnParser.ArgContext;
             c = c.getParent()) {
            if (c instanceof DnnParser.ParensContext parens) {
                return expecting("expected ')' to close the '(' opened at " + where(parens.getStart()));
            }
            if (c instanceof DnnParser.CallContext call) {
                TerminalNode open = call.getToken(LPAREN, 0);
                String what = expects(COMMA) ? "expected ',' or ')'" : "expected ')'";
                return expecting(what + " to close the '(' opened at " + where(open != null ? open.getSymbol() : call.getStart()));
            }
        }
        return null;
    }

    private Message settingsBlock(DnnParser.SettingsBlockContext block) {
        String kind = block.kind != null ? block.kind.getText() : "settings";
        if (expects(RBRACE)) {
            if (OUTSIDE_A_SETTINGS_BLOCK.contains(found.getType())) {
                return expecting("expected '}' to close the " + kind + " block" + opened(block, LBRACE));
            }
            return unexpected("expected a setting (name = value) or '}' in the " + kind + " block");
        }
        return expects(LBRACE) ? expecting("expected '{' after '" + kind + "'") : null;
    }

    private Message binding(DnnParser.BindingContext binding) {
        List<String> keywords = binding.getParent() instanceof DnnParser.FnDefContext ? List.of("return") : MEMBER_KEYWORDS;
        String suggestion = binding.name == null ? null : Suggestions.closest(binding.name.getText(), keywords);
        if (suggestion != null) {
            return new Message(Spans.of(binding.name), "expected '=' after " + quote(binding.name)
                    + ", or did you mean '" + suggestion + "'?");
        }
        return expecting("expected '=' after the name " + name(binding.name));
    }

    /**
     * A keyword inside an argument list can only be an argument name, so '=' must follow. When the keyword starts
     * a new line, the likelier story is a call left open on the line before, its ')' forgotten.
     */
    private Message argumentName(DnnParser.ArgContext arg) {
        boolean startsLine = beforePrevious != null && previous.getLine() > beforePrevious.getLine();
        if (startsLine && arg.getParent() instanceof DnnParser.CallContext call) {
            TerminalNode open = call.getToken(LPAREN, 0);
            return new Message(Spans.after(beforePrevious), "expected ')' to close the '(' opened at line "
                    + (open != null ? open.getSymbol() : call.getStart()).getLine());
        }
        return expecting("expected '=' after the argument name " + name(previous));
    }

    private Message function(DnnParser.FnDefContext fn) {
        String name = name(fn.name);
        if (expects(RETURN)) {
            return found.getType() == RBRACE
                    ? new Message(Spans.of(found), "missing 'return' in the body of " + name
                            + ": a block function ends with `return <expression>`")
                    : unexpected("expected a binding (name = value) or 'return' in the body of " + name,
                            List.of("return"));
        }
        if (expects(RBRACE)) {
            return expecting("expected '}' to close the body of " + name + opened(fn, LBRACE));
        }
        if (expects(EQUALS) && expects(LBRACE)) {
            return expecting("expected '=' or '{' after the parameters of " + name + ", as in `fn f(x) = relu(x)`");
        }
        if (expects(RPAREN)) {
            return expecting(expects(IDENT) ? "expected a parameter name or ')'" + afterPrevious()
                    : "expected ',' or ')' in the parameter list of " + name);
        }
        if (expects(LPAREN)) {
            return expecting("expected '(' and a parameter list after the function name");
        }
        if (expects(IDENT)) {
            return expecting(previous != null && previous.getType() == FN
                    ? "expected a function name after 'fn', as in `fn block(x, n) = relu(dense(x, n))`"
                    : "expected a parameter name" + afterPrevious());
        }
        return null;
    }

    // --- where the message points and how it ends ---

    /** "expected X": at the offending token when it is on the same line, else just after the previous token. */
    private Message expecting(String text) {
        if (found.getType() != Token.EOF && (previous == null || found.getLine() == Spans.of(previous).endLine())) {
            return new Message(Spans.of(found), text + ", but found " + quote(found));
        }
        String suffix = found.getType() == Token.EOF ? ", but found end of file" : "";
        return new Message(previous != null ? Spans.after(previous) : Spans.of(found), text + suffix);
    }

    /** "expected X, but found Y" about a token that does not belong where it is: always at that token. */
    private Message unexpected(String text) {
        return unexpected(text, List.of());
    }

    /** The same, with "did you mean" when the offending word is a near miss of one of {@code keywords}. */
    private Message unexpected(String text, List<String> keywords) {
        String suggestion = found.getType() == IDENT ? Suggestions.closest(found.getText(), keywords) : null;
        String hint = suggestion != null ? " (did you mean '" + suggestion + "'?)" : "";
        return new Message(Spans.of(found), text + ", but found " + quote(found) + hint);
    }

    /** Something left out: points just after the token it should follow. */
    private Message missing(String text) {
        return new Message(previous != null ? Spans.after(previous) : Spans.of(found), text);
    }

    private String afterPrevious() {
        return previous != null ? " after " + quote(previous) : "";
    }

    private String opened(ParserRuleContext ctx, int openType) {
        TerminalNode open = ctx.getToken(openType, 0);
        return " (opened at " + where(open != null ? open.getSymbol() : ctx.getStart()) + ")";
    }

    /** "line 3", with the column too when the error is on that same line. */
    private String where(Token t) {
        boolean sameLine = found.getType() != Token.EOF && found.getLine() == t.getLine();
        return "line " + t.getLine() + (sameLine ? ", column " + (t.getCharPositionInLine() + 1) : "");
    }

    private static String name(Token t) {
        return t != null && t.getStartIndex() >= 0 ? quote(t) : "(unnamed)";
    }

    private boolean expects(int type) {
        return expected != null && expected.contains(type);
    }
}
