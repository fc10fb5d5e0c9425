package dnnc.compiler.check;

import dnnc.compiler.ast.Expr;
import dnnc.compiler.ast.FnDef;
import dnnc.compiler.ast.Binding;
import dnnc.compiler.ast.Span;
import dnnc.compiler.ir.GraphBuilder;
import dnnc.compiler.ir.Node;
import dnnc.compiler.ir.Shape;
import dnnc.compiler.ops.Builtin;
import dnnc.compiler.ops.Builtins;
import dnnc.compiler.ops.Signature;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Evaluates expressions to {@link Value}s, building the IR as it goes and checking names and shapes on the
 * way. A mistake is reported once, where it is, and evaluates to null; whatever uses a null gives up quietly,
 * so one mistake does not cause a cascade of messages.
 */
final class Evaluator {
    /** Words that mean something only as arguments (initializers, booleans). */
    static final Set<String> WORDS = Set.of("true", "false", "zeros", "ones", "glorot", "xavier", "glorot_normal",
            "xavier_normal", "he", "kaiming", "he_uniform", "kaiming_uniform", "lecun");
    private static final int MAX_CALL_DEPTH = 64;

    private final GraphBuilder graph;
    private final Diagnostics diagnostics;
    private final CallSite.ParamFactory params;
    private final Map<String, FnDef> functions;
    private int depth;
    private boolean inLoss;

    Evaluator(GraphBuilder graph, Diagnostics diagnostics, CallSite.ParamFactory params, Map<String, FnDef> functions) {
        this.graph = graph;
        this.diagnostics = diagnostics;
        this.params = params;
        this.functions = functions;
    }

    /** Evaluates the loss, where {@code params} is allowed. */
    Value evalLoss(Expr e, Map<String, Value> scope) {
        inLoss = true;
        try {
            return eval(e, scope);
        } finally {
            inLoss = false;
        }
    }

    Value eval(Expr e, Map<String, Value> scope) {
        if (e instanceof Expr.Number n) {
            return new Value.Tensor(graph.constant(n.value()));
        } else if (e instanceof Expr.Str s) {
            return new Value.Str(s.value());
        } else if (e instanceof Expr.Name n) {
            return lookup(n, scope);
        } else if (e instanceof Expr.Negate n) {
            return negate(n, scope);
        } else if (e instanceof Expr.Binary b) {
            return binary(b, scope);
        }
        return call((Expr.Call) e, scope);
    }

    private Value lookup(Expr.Name n, Map<String, Value> scope) {
        if (scope.containsKey(n.name())) {
            return scope.get(n.name());   // null when its definition failed: that was reported already
        }
        if (n.name().equals("params")) {
            if (!inLoss) {
                diagnostics.error(n.span(), "`params` can only be used in the loss",
                        "note: it means every parameter of the model, and all of them are known only there");
                return null;
            }
            return new Value.AllParams();
        }
        if (WORDS.contains(n.name())) {
            return new Value.Word(n.name());
        }
        Set<String> known = new TreeSet<>(scope.keySet());
        known.add("params");
        diagnostics.error(n.span(), "unknown name `" + n.name() + "`", Suggest.didYouMean(n.name(), known));
        return null;
    }

    private Value negate(Expr.Negate n, Map<String, Value> scope) {
        Node x = tensorOperand(eval(n.operand(), scope), n.operand().span(), "-");
        return x == null ? null : new Value.Tensor(graph.neg(x));
    }

    private Node tensorOperand(Value v, Span span, String op) {
        if (v == null) {
            return null;
        }
        if (v instanceof Value.Tensor t) {
            return t.node();
        }
        diagnostics.error(span, "`" + op + "` needs a tensor or a number here, but this is " + Value.describe(v));
        return null;
    }

    private Value binary(Expr.Binary b, Map<String, Value> scope) {
        Node left = tensorOperand(eval(b.left(), scope), b.left().span(), b.op());
        Node right = tensorOperand(eval(b.right(), scope), b.right().span(), b.op());
        if (left == null || right == null) {
            return null;
        }
        if (b.op().equals("@")) {
            return matmul(b, left, right);
        }
        if (Shape.broadcast(left.shape(), right.shape()) == null) {
            diagnostics.error(b.opSpan(), "cannot broadcast " + left.shape().dimsText() + " with "
                    + right.shape().dimsText() + " in `" + b.op() + "`",
                    "note: the left side is " + left.shape().dimsText() + " per example, the right side "
                            + right.shape().dimsText(),
                    "help: dims are matched from the right and must be equal or 1");
            return null;
        }
        Node out = switch (b.op()) {
            case "+" -> graph.add(left, right);
            case "-" -> graph.sub(left, right);
            case "*" -> graph.mul(left, right);
            case "^" -> graph.pow(left, right);
            default -> graph.div(left, right);
        };
        return new Value.Tensor(out);
    }

    private Value matmul(Expr.Binary b, Node left, Node right) {
        Shape l = left.shape();
        Shape r = right.shape();
        if (l.rank() < 1) {
            diagnostics.error(b.left().span(), "the left side of `@` must have at least one axis, but it is a single number");
            return null;
        }
        if (r.batched() || r.rank() != 2) {
            diagnostics.error(b.right().span(), "the right side of `@` must be a matrix parameter such as "
                    + "`param W: float[in, out]`, but it is " + (r.batched() ? "per example " : "") + r.dimsText());
            return null;
        }
        int inner = l.dim(l.rank() - 1);
        if (inner != r.dim(0)) {
            diagnostics.error(b.opSpan(), "`@` cannot multiply " + l.dimsText() + " by " + r.dimsText()
                    + ": " + inner + " columns on the left but " + r.dim(0) + " rows on the right",
                    "help: the last dim of the left side must equal the first dim of the right side");
            return null;
        }
        return new Value.Tensor(graph.matmul(left, right, false, false));
    }

    // ---- calls ----

    private Value call(Expr.Call c, Map<String, Value> scope) {
        String name = c.callee().name();
        FnDef fn = functions.get(name);
        if (fn != null) {
            return callFunction(fn, c, scope);
        }
        Builtin builtin = Builtins.get(name);
        if (builtin == null) {
            List<String> known = new ArrayList<>(functions.keySet());
            Builtins.all().forEach(x -> known.add(x.name()));
            diagnostics.error(c.callee().span(), "unknown function `" + name + "`", Suggest.didYouMean(name, known));
            return null;
        }
        Arguments args = bind(builtin.signature(), c, scope);
        if (args == null) {
            return null;
        }
        CallSite site = new CallSite(builtin.signature(), c.span(), args.values, args.spans, args.rest, graph,
                diagnostics, params);
        try {
            return builtin.apply().apply(site);
        } catch (IllegalArgumentException ex) {
            diagnostics.error(c.span(), name + "(): " + ex.getMessage());
            return null;
        }
    }

    private record Arguments(Value[] values, Span[] spans, List<Value> rest) {
    }

    /** Matches positional and named arguments to the signature and evaluates them. */
    private Arguments bind(Signature sig, Expr.Call c, Map<String, Value> scope) {
        Value[] values = new Value[sig.size()];
        Span[] spans = new Span[sig.size()];
        List<Value> rest = new ArrayList<>();
        boolean ok = true;
        int position = 0;
        for (Expr.Arg arg : c.args()) {
            int index;
            if (arg.isNamed()) {
                index = sig.indexOf(arg.name().name());
                if (index < 0) {
                    diagnostics.error(arg.name().span(), c.callee().name() + "() has no argument named `"
                            + arg.name().name() + "`", "note: its arguments are " + String.join(", ", sig.paramNames()),
                            "note: signature: " + sig);
                    ok = false;
                    continue;
                }
            } else {
                index = position++;
                if (index >= sig.positional()) {
                    if (sig.variadic()) {
                        rest.add(eval(arg.value(), scope));
                        continue;
                    }
                    diagnostics.error(arg.span(), c.callee().name() + "() takes at most " + sig.size()
                            + " argument" + (sig.size() == 1 ? "" : "s") + ", but got " + c.args().size(),
                            "note: signature: " + sig);
                    ok = false;
                    continue;
                }
            }
            if (spans[index] != null) {
                diagnostics.error(arg.span(), "argument `" + sig.paramName(index) + "` of " + c.callee().name()
                        + "() is given twice");
                ok = false;
                continue;
            }
            spans[index] = arg.span();
            values[index] = eval(arg.value(), scope);
            ok &= values[index] != null;
        }
        for (int i = 0; i < sig.size(); i++) {
            if (sig.isRequired(i) && spans[i] == null) {
                diagnostics.error(c.span(), c.callee().name() + "() is missing its argument `" + sig.paramName(i) + "`",
                        "note: signature: " + sig);
                ok = false;
            }
        }
        return ok && !rest.contains(null) ? new Arguments(values, spans, rest) : null;
    }

    /** A user function: its body in a scope of its own arguments and locals; its layers are new each call. */
    private Value callFunction(FnDef fn, Expr.Call c, Map<String, Value> scope) {
        List<String> names = fn.params().stream().map(p -> p.name()).toList();
        Signature sig = Signature.of(fn.name().name(), names.toArray(String[]::new));
        Arguments args = bind(sig, c, scope);
        if (args == null) {
            return null;
        }
        if (depth >= MAX_CALL_DEPTH) {
            diagnostics.error(c.span(), "`" + fn.name().name() + "` calls itself without end",
                    "note: functions may not be recursive");
            return null;
        }
        Map<String, Value> local = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            local.put(names.get(i), args.values[i]);
        }
        depth++;
        try {
            for (Binding let : fn.lets()) {
                Value v = eval(let.value(), local);
                if (v == null) {
                    return null;
                }
                local.put(let.name().name(), v);
            }
            return eval(fn.body(), local);
        } finally {
            depth--;
        }
    }
}
