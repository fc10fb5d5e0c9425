package dnnc.compiler.ast;

import dnnc.grammar.DnnBaseVisitor;
import dnnc.grammar.DnnParser;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Function;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.RuleNode;

/**
 * Builds the AST records from the parse tree, one visit method per labelled alternative.
 *
 * <p>After a syntax error the tree can be partial: labelled children may be null and tokens may be ones that
 * ANTLR conjured up to recover. A node missing a part it needs is dropped (visits return null and lists skip
 * nulls); the error has already been reported and callers stop before using the AST.
 */
final class AstBuilder extends DnnBaseVisitor<Object> {
    private final SyntaxErrors errors;

    AstBuilder(SyntaxErrors errors) {
        this.errors = errors;
    }

    Program program(DnnParser.ProgramContext ctx) {
        List<FnDef> functions = all(ctx.functions, f -> guarded(f, this::fnDef));
        List<ModelDef> models = all(ctx.models, this::modelDef);
        return new Program(functions, models);
    }

    private FnDef fnDef(DnnParser.FnDefContext ctx) {
        Ident name = ident(ctx.name);
        Expr body = expr(ctx.body);
        if (name == null || body == null) {
            return null;
        }
        return new FnDef(name, all(ctx.params, this::ident), all(ctx.lets, this::binding), body, Spans.of(ctx));
    }

    private ModelDef modelDef(DnnParser.ModelDefContext ctx) {
        Ident name = ident(ctx.name);
        if (name == null) {
            return null;
        }
        List<Member> members = all(ctx.members, m -> guarded(m, c -> visit(c) instanceof Member member ? member : null));
        return new ModelDef(name, members, Spans.of(ctx));
    }

    // --- members ---

    @Override
    public Member visitInputDecl(DnnParser.InputDeclContext ctx) {
        Ident name = ident(ctx.name);
        TensorType type = tensorType(ctx.type);
        return name == null || type == null ? null : new Member.Input(name, type, Spans.of(ctx));
    }

    @Override
    public Member visitTargetDecl(DnnParser.TargetDeclContext ctx) {
        Ident name = ident(ctx.name);
        TensorType type = tensorType(ctx.type);
        return name == null || type == null ? null : new Member.Target(name, type, Spans.of(ctx));
    }

    @Override
    public Member visitParamDecl(DnnParser.ParamDeclContext ctx) {
        Ident name = ident(ctx.name);
        TensorType type = tensorType(ctx.type);
        Expr init = expr(ctx.init);
        return name == null || type == null ? null : new Member.Param(name, type, init, Spans.of(ctx));
    }

    @Override
    public Member visitOutputDecl(DnnParser.OutputDeclContext ctx) {
        Ident name = ident(ctx.name);
        return name == null ? null : new Member.Output(name, expr(ctx.value), Spans.of(ctx));
    }

    @Override
    public Member visitLossDecl(DnnParser.LossDeclContext ctx) {
        Expr value = expr(ctx.value);
        return value == null ? null : new Member.Loss(value, Spans.of(ctx));
    }

    @Override
    public Member visitLetDecl(DnnParser.LetDeclContext ctx) {
        Binding binding = ctx.binding() == null ? null : binding(ctx.binding());
        return binding == null ? null : new Member.Let(binding, Spans.of(ctx));
    }

    @Override
    public Member visitSettingsBlock(DnnParser.SettingsBlockContext ctx) {
        if (ctx.kind == null) {
            return null;
        }
        List<Binding> settings = all(ctx.settings, s -> binding(s.key, s.value, s));
        return new Member.Settings(ctx.kind.getText(), Spans.of(ctx.kind), settings, Spans.of(ctx));
    }

    private Binding binding(DnnParser.BindingContext ctx) {
        return binding(ctx.name, ctx.value, ctx);
    }

    private Binding binding(Token name, DnnParser.ExprContext value, ParserRuleContext ctx) {
        Ident ident = ident(name);
        Expr expr = expr(value);
        return ident == null || expr == null ? null : new Binding(ident, expr, Spans.of(ctx));
    }

    private TensorType tensorType(DnnParser.TensorTypeContext ctx) {
        if (ctx == null || !isReal(ctx.kind)) {
            return null;
        }
        List<Expr.Number> dims = all(ctx.dims, d -> isReal(d) ? number(d) : null);
        return new TensorType(ctx.kind.getType() == DnnParser.LABEL, dims, Spans.of(ctx));
    }

    // --- expressions ---

    @Override
    public Expr visitCall(DnnParser.CallContext ctx) {
        Ident callee = ident(ctx.callee);
        return callee == null ? null : new Expr.Call(callee, all(ctx.args, this::arg), Spans.of(ctx));
    }

    private Expr.Arg arg(DnnParser.ArgContext ctx) {
        Expr value = expr(ctx.value);
        if (value == null || ctx.name != null && !isReal(ctx.name)) {
            return null;
        }
        return new Expr.Arg(ctx.name == null ? null : ident(ctx.name), value, Spans.of(ctx));
    }

    /** Parentheses only group: the AST keeps the inner expression with its own span. */
    @Override
    public Expr visitParens(DnnParser.ParensContext ctx) {
        return expr(ctx.inner);
    }

    @Override
    public Expr visitNegate(DnnParser.NegateContext ctx) {
        Expr operand = expr(ctx.operand);
        return operand == null ? null : new Expr.Negate(operand, Spans.of(ctx));
    }

    /** {@code a ^ b}: right-associative, so the grammar already nests it as a ^ (b ^ c). */
    @Override
    public Expr visitPower(DnnParser.PowerContext ctx) {
        Expr left = expr(ctx.left);
        Expr right = expr(ctx.right);
        return left == null || right == null || !isReal(ctx.op)
                ? null : new Expr.Binary("^", Spans.of(ctx.op), left, right, Spans.of(ctx));
    }

    @Override
    public Expr visitMultiplicative(DnnParser.MultiplicativeContext ctx) {
        return binaryChain(ctx);
    }

    @Override
    public Expr visitAdditive(DnnParser.AdditiveContext ctx) {
        return binaryChain(ctx);
    }

    /**
     * Operators associate to the left, so {@code a + b + c + ...} nests down its left operands. Walking that
     * spine with a loop instead of recursion lets a long sum (a generated file, a big unrolled loss) through
     * without overflowing the stack.
     */
    private Expr binaryChain(DnnParser.ExprContext top) {
        Deque<DnnParser.ExprContext> spine = new ArrayDeque<>();
        DnnParser.ExprContext c = top;
        while (c instanceof DnnParser.AdditiveContext || c instanceof DnnParser.MultiplicativeContext) {
            spine.push(c);
            c = c instanceof DnnParser.AdditiveContext a ? a.left : ((DnnParser.MultiplicativeContext) c).left;
        }
        Expr result = expr(c);
        while (!spine.isEmpty()) {
            DnnParser.ExprContext b = spine.pop();
            Token op = b instanceof DnnParser.AdditiveContext a ? a.op : ((DnnParser.MultiplicativeContext) b).op;
            Expr right = expr(b instanceof DnnParser.AdditiveContext a ? a.right : ((DnnParser.MultiplicativeContext) b).right);
            result = result == null || right == null || !isReal(op)
                    ? null : new Expr.Binary(op.getText(), Spans.of(op), result, right, Spans.of(b));
        }
        return result;
    }

    @Override
    public Expr visitNumber(DnnParser.NumberContext ctx) {
        return isReal(ctx.value) ? number(ctx.value) : null;
    }

    @Override
    public Expr visitString(DnnParser.StringContext ctx) {
        return isReal(ctx.value) ? new Expr.Str(unescape(ctx.value), Spans.of(ctx.value)) : null;
    }

    @Override
    public Expr visitName(DnnParser.NameContext ctx) {
        return isReal(ctx.value) ? new Expr.Name(ctx.value.getText(), Spans.of(ctx.value)) : null;
    }

    // --- leaves and helpers ---

    private Expr expr(DnnParser.ExprContext ctx) {
        return ctx != null && visit(ctx) instanceof Expr e ? e : null;
    }

    private Expr.Number number(Token t) {
        double value;
        try {
            value = Double.parseDouble(t.getText());
        } catch (NumberFormatException e) {
            value = Double.NaN;  // unreachable for lexed NUMBER tokens; kept so odd input cannot throw
        }
        return new Expr.Number(value, t.getText(), Spans.of(t));
    }

    private Ident ident(Token t) {
        return isReal(t) ? new Ident(t.getText(), Spans.of(t)) : null;
    }

    /** The text between the quotes with \" \\ \n \t replaced; an unterminated string simply has no closing quote. */
    private String unescape(Token t) {
        String text = t.getText();
        StringBuilder out = new StringBuilder();
        for (int i = 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                break;
            }
            if (c != '\\' || i + 1 == text.length()) {
                out.append(c);
                continue;
            }
            char next = text.charAt(++i);
            switch (next) {
                case '"', '\\' -> out.append(next);
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                default -> {
                    errors.report(escapeSpan(t, i - 1), "unknown escape '\\" + (next == '\n' || next == '\r' ? "' before a line break" : next + "'")
                            + " in a string: use \\\\ for a backslash, \\\" for a quote, \\n or \\t");
                    out.append('\\').append(next);
                }
            }
        }
        return out.toString();
    }

    /** The two characters of the escape starting at {@code index} in the token's text, or the whole string. */
    private static Span escapeSpan(Token t, int index) {
        if (t.getText().lastIndexOf('\n', index) >= 0) {
            return Spans.of(t);
        }
        int column = t.getCharPositionInLine() + 1 + index;
        return new Span(t.getLine(), column, t.getLine(), column + 1);
    }

    /** Null for a missing token and for one conjured by error recovery (it has no place in the text). */
    private static boolean isReal(Token t) {
        return t != null && t.getStartIndex() >= 0 && t.getType() != Token.EOF;
    }

    /** Nodes with no labelled alternative (the parser failed before choosing one) build nothing. */
    @Override
    public Object visitChildren(RuleNode node) {
        return null;
    }

    /** Builds one node, turning a stack overflow on absurdly deep nesting into a report instead of a crash. */
    private <C extends ParserRuleContext, T> T guarded(C ctx, Function<C, T> build) {
        try {
            return build.apply(ctx);
        } catch (StackOverflowError e) {
            errors.nestedTooDeeply(Spans.of(ctx.getStart()));
            return null;
        }
    }

    private static <C, T> List<T> all(List<C> items, Function<C, T> build) {
        List<T> out = new ArrayList<>();
        for (C item : items) {
            T built = item == null ? null : build.apply(item);
            if (built != null) {
                out.add(built);
            }
        }
        return List.copyOf(out);
    }
}
