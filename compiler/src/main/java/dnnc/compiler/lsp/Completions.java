package dnnc.compiler.lsp;

import dnnc.compiler.ast.FnDef;
import dnnc.compiler.ast.Ident;
import dnnc.compiler.check.Value;
import dnnc.compiler.check.Vocabulary;
import dnnc.compiler.ops.Builtin;
import dnnc.compiler.ops.Builtins;
import dnnc.compiler.ops.Signature;
import dnnc.grammar.DnnLexer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.Token;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionItemKind;
import org.eclipse.lsp4j.MarkupContent;
import org.eclipse.lsp4j.MarkupKind;
import org.eclipse.lsp4j.Position;

/**
 * Completion from the tokens before the cursor, so that it works while the line being typed does not parse yet:
 * inside a call's parentheses its named arguments, in a train or data block its keys (and after {@code optimizer
 * =}, the optimizers), at the start of a model's statement the declaration keywords, and in an expression the
 * built-ins, the user functions, the names defined before the cursor and the initializer words.
 */
final class Completions {
    static final List<String> MODEL_KEYWORDS = List.of("input", "target", "param", "output", "loss", "train", "data");
    static final List<String> TOP_KEYWORDS = List.of("model", "fn");

    /** An open bracket: its character, the name before a '(' (the callee), and named arguments given so far. */
    private static final class Open {
        final String bracket;
        final String callee;
        final String block;   // for '{': "model", "fn", "train" or "data"
        final Set<String> named = new HashSet<>();

        Open(String bracket, String callee, String block) {
            this.bracket = bracket;
            this.callee = callee;
            this.block = block;
        }
    }

    private final Analysis analysis;
    private final List<Token> tokens;
    private int cursorLine;
    private final Map<String, CompletionItem> items = new LinkedHashMap<>();

    private Completions(Analysis analysis, List<Token> tokens) {
        this.analysis = analysis;
        this.tokens = tokens;
    }

    static List<CompletionItem> complete(Analysis a, Position p) {
        String prefix = a.text.text().substring(0, a.text.offset(p));
        if (inCommentOrString(prefix) || hasOpenBlockComment(prefix)) {
            return List.of();
        }
        DnnLexer lexer = new DnnLexer(CharStreams.fromString(prefix));
        lexer.removeErrorListeners();
        List<Token> tokens = new ArrayList<>();
        for (Token t : lexer.getAllTokens()) {
            tokens.add(t);
        }
        // The word being typed is what the client filters by; the context is what comes before it.
        if (!tokens.isEmpty()) {
            Token last = tokens.get(tokens.size() - 1);
            char end = prefix.charAt(prefix.length() - 1);
            if (isWordToken(last) && (Character.isLetterOrDigit(end) || end == '_')) {
                tokens.remove(tokens.size() - 1);
            }
        }
        Completions c = new Completions(a, tokens);
        c.cursorLine = (int) prefix.chars().filter(ch -> ch == '\n').count() + 1;
        c.run();
        return new ArrayList<>(c.items.values());
    }

    private void run() {
        Deque<Open> stack = new ArrayDeque<>();
        String topLevel = null;   // "model" or "fn": the last one begun at the top level
        int topStart = 0;         // index of its first token
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            String text = t.getText();
            Token before = i > 0 ? tokens.get(i - 1) : null;
            if (stack.isEmpty() && (t.getType() == DnnLexer.MODEL || t.getType() == DnnLexer.FN)) {
                topLevel = text;
                topStart = i;
            }
            switch (text) {
                case "(" -> stack.push(new Open("(", before != null && isWordToken(before) ? before.getText() : null, null));
                case "{" -> stack.push(new Open("{", null, blockKind(before, topLevel)));
                case "[" -> stack.push(new Open("[", null, null));
                case ")", "}", "]" -> {
                    if (!stack.isEmpty()) {
                        stack.pop();
                    }
                }
                case "=" -> {
                    if (!stack.isEmpty() && stack.peek().bracket.equals("(") && before != null && isWordToken(before)) {
                        stack.peek().named.add(before.getText());
                    }
                }
                default -> {
                }
            }
        }
        Token prev = tokens.isEmpty() ? null : tokens.get(tokens.size() - 1);
        String prevText = prev == null ? "" : prev.getText();
        Open open = stack.peek();
        if (open == null) {
            // at the top level: between definitions, or in the body of a function in expression form
            boolean fnBody = "fn".equals(topLevel) && prev != null && !prevText.equals("}")
                    && tokens.subList(topStart, tokens.size()).stream().anyMatch(t -> t.getText().equals("="))
                    && !endsStatement(prev);
            if (!fnBody) {
                TOP_KEYWORDS.forEach(this::keyword);
                return;
            }
        }
        if (open != null && open.bracket.equals("[")) {
            return;   // dims: numbers only
        }
        if (prevText.equals(":")) {
            keyword("float");
            keyword("label");
            return;
        }
        if (open != null && open.bracket.equals("{") && ("train".equals(open.block) || "data".equals(open.block))) {
            settings(open.block, prev);
            return;
        }
        boolean statementStart = open != null && open.bracket.equals("{") && (prev == null || prevText.equals("{")
                || prevText.equals(";") || prevText.equals("}") || endsStatement(prev));
        if (statementStart && "model".equals(open.block)) {
            MODEL_KEYWORDS.forEach(this::keyword);
            return;
        }
        if (statementStart && "fn".equals(open.block)) {
            keyword("return");
        }
        if (open != null && open.bracket.equals("(") && open.callee != null
                && (prevText.equals("(") || prevText.equals(","))) {
            namedArguments(open.callee, open.named);
        }
        if (open != null && open.bracket.equals("(") && open.callee != null && Hovers.settingsFunctionKind(open.callee) != null
                && Builtins.get(open.callee) == null) {
            return;   // optimizer and data source arguments are numbers and strings
        }
        expression("fn".equals(topLevel), topStart, isLoss(stack));
    }

    /** A line break after a complete operand ends a statement (not after an operator, '=' or ','). */
    private boolean endsStatement(Token prev) {
        if (List.of("=", ",", "(", "[", ":", "+", "-", "*", "/", "@", "^").contains(prev.getText())) {
            return false;
        }
        return prev.getLine() < cursorLine;
    }

    private boolean isLoss(Deque<Open> stack) {
        // `loss = ...` at the model's level: params is allowed there
        for (int i = tokens.size() - 1; i >= 0; i--) {
            Token t = tokens.get(i);
            if (t.getType() == DnnLexer.LOSS) {
                return true;
            }
            if (t.getType() == DnnLexer.OUTPUT || t.getType() == DnnLexer.PARAM || t.getText().equals("{")
                    || t.getText().equals("}") || (isWordToken(t) && i + 1 < tokens.size()
                    && tokens.get(i + 1).getText().equals("=") && stack.size() <= 1)) {
                return false;
            }
        }
        return false;
    }

    private static String blockKind(Token before, String topLevel) {
        if (before != null && (before.getType() == DnnLexer.TRAIN || before.getType() == DnnLexer.DATA)) {
            return before.getText();
        }
        return "fn".equals(topLevel) ? "fn" : "model";
    }

    private void settings(String block, Token prev) {
        String prevText = prev == null ? "" : prev.getText();
        if (prevText.equals("=")) {
            int i = tokens.size() - 2;
            String key = i >= 0 ? tokens.get(i).getText() : "";
            if (block.equals("train") && key.equals("optimizer")) {
                Vocabulary.optimizers().keySet().stream().sorted().forEach(n -> settingsFunction(n));
            } else if (block.equals("train") && key.equals("schedule")) {
                Vocabulary.schedules().keySet().stream().sorted().forEach(n -> settingsFunction(n));
            } else if (block.equals("train") && key.equals("augment")) {
                Vocabulary.augmentations().keySet().stream().sorted().forEach(n -> settingsFunction(n));
            } else if (block.equals("data")) {
                Vocabulary.dataFormats().keySet().stream().sorted().forEach(n -> settingsFunction(n));
            }
            return;
        }
        if (prevText.equals("(") || prevText.equals(",")) {
            return;
        }
        List<String> keys = block.equals("train") ? Vocabulary.trainKeys() : Vocabulary.dataKeys();
        for (String k : keys) {
            CompletionItem item = item(k, CompletionItemKind.Property, block + " setting");
            item.setInsertText(k + " = ");
            item.setSortText("0" + k);
        }
    }

    private void settingsFunction(String name) {
        CompletionItem item = item(name, CompletionItemKind.Function, Hovers.settingsSignature(name));
        item.setDocumentation(Hovers.settingsFunctionKind(name));
    }

    private void namedArguments(String callee, Set<String> given) {
        List<String> names;
        String detail;
        FnDef fn = analysis.occurrences.function(callee);
        Builtin b = Builtins.get(callee);
        if (fn != null) {
            names = fn.params().stream().map(Ident::name).toList();
            detail = "fn " + callee + "(" + String.join(", ", names) + ")";
        } else if (b != null) {
            Signature sig = b.signature();
            names = sig.paramNames();
            detail = sig.toString();
        } else if (Hovers.settingsFunctionKind(callee) != null) {
            names = Hovers.settingsArgs(callee);
            detail = Hovers.settingsSignature(callee);
        } else {
            return;
        }
        for (String n : names) {
            if (given.contains(n)) {
                continue;
            }
            CompletionItem item = item(n, CompletionItemKind.Property, detail);
            item.setInsertText(n + " = ");
            item.setSortText("0" + n);
        }
    }

    private void expression(boolean inFunction, int topStart, boolean inLoss) {
        for (Map.Entry<String, String> name : namesInScope(inFunction, topStart).entrySet()) {
            CompletionItem item = item(name.getKey(), CompletionItemKind.Variable, name.getValue());
            item.setSortText("1" + name.getKey());
        }
        for (FnDef fn : analysis.program.functions()) {
            String sig = "fn " + fn.name().name() + "(" + String.join(", ", fn.params().stream().map(Ident::name).toList()) + ")";
            item(fn.name().name(), CompletionItemKind.Function, sig).setSortText("2" + fn.name().name());
        }
        for (Builtin b : Builtins.all()) {
            CompletionItem item = item(b.name(), CompletionItemKind.Function, b.signature().toString());
            item.setDocumentation(new MarkupContent(MarkupKind.MARKDOWN, b.doc()));
            item.setSortText("3" + b.name());
        }
        if (inLoss) {
            item("params", CompletionItemKind.Keyword, "every parameter of the model").setSortText("1params");
        }
        for (String w : Vocabulary.words().stream().sorted().toList()) {
            item(w, CompletionItemKind.Constant, w.equals("true") || w.equals("false") ? "boolean" : "initializer")
                    .setSortText("4" + w);
        }
    }

    /**
     * Names defined before the cursor: in a model its declarations and named values, in a function its own
     * arguments and locals; not the name that the statement being typed defines.
     */
    private Map<String, String> namesInScope(boolean inFunction, int from) {
        Map<String, String> names = new LinkedHashMap<>();
        int depth = 0;
        int parens = 0;
        boolean argumentsDone = false;
        String current = null;   // the name defined by the statement the cursor may still be in
        for (int i = from; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            String text = t.getText();
            switch (text) {
                case "{" -> depth++;
                case "}" -> depth--;
                case "(", "[" -> parens++;
                case ")", "]" -> parens--;
                default -> {
                }
            }
            Token next = i + 1 < tokens.size() ? tokens.get(i + 1) : null;
            int type = t.getType();
            if (depth == 1 && parens == 0 && (text.equals(";") || type == DnnLexer.LOSS || type == DnnLexer.RETURN
                    || type == DnnLexer.TRAIN || type == DnnLexer.DATA)) {
                current = null;
            }
            if (inFunction) {
                // fn name ( a , b ) ... : the arguments, then the locals of a block body
                if (parens == 0 && text.equals(")")) {
                    argumentsDone = true;
                }
                if (!argumentsDone && i > from + 1 && parens == 1 && type == DnnLexer.IDENT) {
                    names.put(text, "argument");
                } else if (depth == 1 && parens == 0 && type == DnnLexer.IDENT && next != null
                        && next.getText().equals("=")) {
                    names.put(text, "local value");
                    current = text;
                }
                continue;
            }
            if (depth != 1 || parens != 0) {
                continue;
            }
            if ((type == DnnLexer.INPUT || type == DnnLexer.TARGET || type == DnnLexer.PARAM || type == DnnLexer.OUTPUT)
                    && next != null && next.getType() == DnnLexer.IDENT) {
                names.put(next.getText(), describe(next.getText()));
                current = next.getText();
            } else if (type == DnnLexer.IDENT && next != null && next.getText().equals("=")
                    && (i == 0 || tokens.get(i - 1).getType() != DnnLexer.OUTPUT)) {
                names.put(text, describe(text));
                current = text;
            }
        }
        Token prev = tokens.isEmpty() ? null : tokens.get(tokens.size() - 1);
        boolean statementEnded = prev != null && parens == 0 && endsStatement(prev);
        if (current != null && !statementEnded) {
            names.remove(current);
        }
        return names;
    }

    private String describe(String name) {
        Analysis.Param p = analysis.param(name);
        if (p != null) {
            return "param " + p.shape();
        }
        Value v = analysis.values.get(name);
        if (v instanceof Value.Tensor t) {
            return t.isConstant() ? "number" : t.node().shape().toString();
        } else if (v instanceof Value.Labels l) {
            return "label[" + l.classes() + "]";
        }
        return v == null ? "" : Value.describe(v);
    }

    private void keyword(String k) {
        item(k, CompletionItemKind.Keyword, "keyword").setSortText("5" + k);
    }

    private CompletionItem item(String label, CompletionItemKind kind, String detail) {
        return items.computeIfAbsent(kind + " " + label, k -> {
            String l = label;
            CompletionItem item = new CompletionItem(l);
            item.setKind(kind);
            item.setDetail(detail);
            return item;
        });
    }

    private static boolean isWordToken(Token t) {
        return t.getType() == DnnLexer.IDENT || Character.isLetter(t.getText().isEmpty() ? ' ' : t.getText().charAt(0))
                && t.getType() != DnnLexer.STRING && t.getType() != DnnLexer.NUMBER;
    }

    /** The cursor's line, before it, holds a '//' outside a string, or an unclosed string. */
    private static boolean inCommentOrString(String prefix) {
        int lineStart = prefix.lastIndexOf('\n') + 1;
        boolean inString = false;
        for (int i = lineStart; i < prefix.length(); i++) {
            char c = prefix.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '/' && i + 1 < prefix.length() && prefix.charAt(i + 1) == '/') {
                return true;
            }
        }
        return inString;
    }

    /** A '/*' before the cursor that is not closed (block comments nest). */
    private static boolean hasOpenBlockComment(String prefix) {
        int depth = 0;
        boolean inString = false;
        boolean inLineComment = false;
        for (int i = 0; i < prefix.length(); i++) {
            char c = prefix.charAt(i);
            char n = i + 1 < prefix.length() ? prefix.charAt(i + 1) : 0;
            if (inLineComment) {
                inLineComment = c != '\n';
            } else if (depth > 0) {
                if (c == '/' && n == '*') {
                    depth++;
                    i++;
                } else if (c == '*' && n == '/') {
                    depth--;
                    i++;
                }
            } else if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"' || c == '\n') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '/' && n == '/') {
                inLineComment = true;
            } else if (c == '/' && n == '*') {
                depth++;
                i++;
            }
        }
        return depth > 0;
    }
}
