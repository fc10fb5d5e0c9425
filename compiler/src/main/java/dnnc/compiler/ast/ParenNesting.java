package dnnc.compiler.ast;

import java.util.ArrayDeque;
import java.util.Deque;
import org.antlr.v4.runtime.BufferedTokenStream;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenStream;

/**
 * Whether a token sits between a '(' and the ')' that closes it, judged from the text alone, for error recovery.
 * Only pairs that do close count, so a forgotten ')' does not make the rest of the block look parenthesised; and
 * parentheses never span a '{' or '}', so pairing restarts there.
 */
final class ParenNesting {
    private int[] depth;

    boolean insideParentheses(TokenStream tokens, Token t) {
        if (depth == null) {
            depth = count(tokens);
        }
        int i = t.getTokenIndex();
        return i >= 0 && i < depth.length && depth[i] > 0;
    }

    private static int[] count(TokenStream tokens) {
        if (tokens instanceof BufferedTokenStream buffered) {
            buffered.fill();  // the whole file is lexed anyway; recovery needs to look ahead of the parser
        }
        int n = tokens.size();
        int[] change = new int[n + 1];   // +1 where a closed pair's inside starts, -1 after its ')'
        Deque<Integer> open = new ArrayDeque<>();
        for (int i = 0; i < n; i++) {
            int type = tokens.get(i).getType();
            if (type == Tokens.LBRACE || type == Tokens.RBRACE) {
                open.clear();
            } else if (type == Tokens.LPAREN) {
                open.push(i);
            } else if (type == Tokens.RPAREN && !open.isEmpty()) {
                change[open.pop() + 1]++;
                change[i + 1]--;
            }
        }
        int[] out = new int[n];
        int d = 0;
        for (int i = 0; i < n; i++) {
            d += change[i];
            out[i] = d;
        }
        return out;
    }
}
