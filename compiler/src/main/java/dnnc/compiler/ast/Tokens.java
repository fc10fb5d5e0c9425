package dnnc.compiler.ast;

import dnnc.grammar.DnnLexer;
import java.util.List;
import java.util.stream.Collectors;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.Vocabulary;
import org.antlr.v4.runtime.misc.IntervalSet;

/**
 * Token types of the grammar's punctuation, which ANTLR names T__0, T__1, ... in the order they first appear in
 * the grammar; looking them up by their text keeps this code right when the grammar is reordered. Also how a
 * token is quoted in a message.
 */
final class Tokens {
    static final Vocabulary VOCABULARY = DnnLexer.VOCABULARY;
    static final int LPAREN = literal("(");
    static final int RPAREN = literal(")");
    static final int COMMA = literal(",");
    static final int EQUALS = literal("=");
    static final int LBRACE = literal("{");
    static final int RBRACE = literal("}");
    static final int COLON = literal(":");
    static final int LBRACKET = literal("[");
    static final int RBRACKET = literal("]");
    static final int SEMI = literal(";");
    static final int MINUS = literal("-");

    private static final int MAX_QUOTED = 24;

    private Tokens() {
    }

    static int literal(String text) {
        for (int type = 1; type <= VOCABULARY.getMaxTokenType(); type++) {
            if (("'" + text + "'").equals(VOCABULARY.getLiteralName(type))) {
                return type;
            }
        }
        throw new IllegalStateException("the grammar has no '" + text + "' token");
    }

    /** {@code 'x'} for a token as written, shortened if long, or "end of file". */
    static String quote(Token t) {
        if (t.getType() == Token.EOF) {
            return "end of file";
        }
        if (t.getType() == DnnLexer.UNKNOWN) {
            return character(t.getText());
        }
        String text = t.getText().replace("\r", "").replace("\n", "\\n");
        if (text.length() > MAX_QUOTED) {
            text = text.substring(0, MAX_QUOTED - 3) + "...";
        }
        return "'" + text + "'";
    }

    /** A single character, quoted if it is visible and named by code point if it is not (a stray NUL, a BOM). */
    static String character(String text) {
        if (text.isEmpty()) {
            return "end of file";
        }
        int c = text.codePointAt(0);
        boolean visible = c > ' ' && c < 0x7f
                || c > 0xa0 && !Character.isISOControl(c) && !Character.isWhitespace(c) && Character.isDefined(c)
                && Character.getType(c) != Character.FORMAT;
        return visible ? "'" + text + "'" : String.format("U+%04X", c);
    }

    /** How a token type reads in "expected ..." when no better sentence applies. */
    static String describe(int type) {
        return switch (type) {
            case Token.EOF -> "end of file";
            case DnnLexer.IDENT -> "a name";
            case DnnLexer.NUMBER -> "a number";
            case DnnLexer.STRING -> "a string";
            default -> {
                String literal = VOCABULARY.getLiteralName(type);
                yield literal != null ? literal : VOCABULARY.getDisplayName(type);
            }
        };
    }

    /** A set of expected tokens in words: "'=', '{' or a name". */
    static String describe(IntervalSet set) {
        if (set == null || set.isNil()) {
            return "something else";
        }
        List<String> names = set.toList().stream().filter(t -> t >= Token.EOF).map(Tokens::describe)
                .collect(Collectors.toList());
        if (names.size() <= 1) {
            return names.isEmpty() ? "something else" : names.get(0);
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
    }
}
