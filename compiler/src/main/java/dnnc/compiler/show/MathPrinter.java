package dnnc.compiler.show;

import dnnc.compiler.ir.Graph;
import dnnc.compiler.ir.GraphBuilder;
import dnnc.compiler.ir.Node;
import dnnc.compiler.ops.Binary;
import dnnc.compiler.ops.Broadcast;
import dnnc.compiler.ops.Concat;
import dnnc.compiler.ops.Leaf;
import dnnc.compiler.ops.MatMul;
import dnnc.compiler.ops.OneHot;
import dnnc.compiler.ops.Reduce;
import dnnc.compiler.ops.Reshape;
import dnnc.compiler.ops.Slice;
import dnnc.compiler.ops.StopGradient;
import dnnc.compiler.ops.Transpose;
import dnnc.compiler.ops.Unary;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * IR as math in the language's own notation: {@code transpose(x) @ t2}, {@code sum(t3, axis = batch)}. A
 * value used more than once is printed once, as {@code t1 = ...}, and referred to by name; so are the
 * model's outputs (by their own names) and the loss.
 *
 * <p>Notation beyond the language: {@code axis = batch} is the batch axis; {@code axes = a..b} several
 * axes; {@code step(x)} is 1 where x &gt; 0 else 0; {@code heaviside(x)} the same but 1/2 at 0;
 * {@code sign(x)}; {@code eq(a, b)} is 1 where a == b; {@code broadcast(x, [B, 4])} repeats x to a shape;
 * {@code stop_gradient(x)} is x, through which no gradient flows; {@code batch_size} is B.
 */
public final class MathPrinter {
    private static final int SUM = 1, PRODUCT = 2, NEGATE = 3, POWER = 4, ATOM = 5;

    private final Map<Node, String> names = new HashMap<>();
    private final java.util.Set<Node> shared = new java.util.HashSet<>();
    private int count;
    private final Map<Node, String> definitions = new LinkedHashMap<>();

    /** Lines {@code name = expr}, then one {@code d(param) = expr} per parameter. */
    public static String gradients(Graph graph) {
        MathPrinter p = new MathPrinter();
        for (Graph.Output o : graph.outputs()) {
            p.names.put(o.node(), o.name());
        }
        p.names.putIfAbsent(graph.loss(), "loss");
        List<Node> roots = new ArrayList<>(graph.grads());
        p.nameShared(roots);
        List<String> lines = new ArrayList<>();
        List<String> grads = new ArrayList<>();
        for (int i = 0; i < graph.params().size(); i++) {
            String name = ((Leaf) graph.params().get(i).op()).name();
            grads.add("d(" + name + ") = " + p.expr(graph.grads().get(i), SUM - 1));
        }
        p.definitions.forEach((n, text) -> lines.add(p.names.get(n) + " = " + text));
        lines.addAll(grads);
        return String.join("\n", lines) + "\n";
    }

    /** Names every computed node that the roots use more than once. */
    private void nameShared(List<Node> roots) {
        Map<Node, Integer> uses = new HashMap<>();
        for (Node n : Graph.reachable(roots)) {
            for (Node in : n.inputs()) {
                uses.merge(in, 1, Integer::sum);
            }
        }
        for (Node r : roots) {
            uses.merge(r, 1, Integer::sum);
        }
        for (Node n : Graph.reachable(roots)) {
            if (!(unwrap(n).op() instanceof Leaf) && uses.getOrDefault(n, 0) > 1 && !roots.contains(n)) {
                shared.add(n);
            }
        }
    }

    /**
     * A single number repeated or reshaped to a shape (the gradient rules' scalars) is written as the number:
     * the language broadcasts numbers implicitly.
     */
    private static Node unwrap(Node n) {
        while ((n.op() instanceof Broadcast || n.op() instanceof Reshape) && n.input(0).shape().size() == 1
                && !n.input(0).shape().batched()) {
            n = n.input(0);
        }
        return n;
    }

    private String expr(Node n, int context) {
        n = unwrap(n);
        if (shared.contains(n) && !names.containsKey(n)) {
            String text = inline(n, SUM - 1);   // defines what it uses first, so names count up in print order
            names.put(n, "t" + ++count);
            definitions.put(n, text);
        }
        String name = names.get(n);
        if (name != null) {
            if (!(n.op() instanceof Leaf) && !definitions.containsKey(n)) {
                String text = inline(n, SUM - 1);   // defines what it uses first
                definitions.put(n, text);
            }
            return name;
        }
        return inline(n, context);
    }

    private String inline(Node n, int context) {
        String[] text = new String[1];
        int level = render(n, text);
        return level <= context ? "(" + text[0] + ")" : text[0];
    }

    /** Writes n's text to out[0] and returns its precedence. */
    private int render(Node n, String[] out) {
        List<Node> in = n.inputs();
        if (n.op() instanceof Leaf l) {
            out[0] = l.is(Leaf.Kind.CONST) ? GraphBuilder.formatNumber(l.value())
                    : l.is(Leaf.Kind.BATCH_SIZE) ? "batch_size" : l.name();
            return l.is(Leaf.Kind.CONST) && l.value() < 0 ? NEGATE : ATOM;
        }
        if (n.op() instanceof Unary u) {
            if (u.fn() == Unary.Fn.NEG) {
                out[0] = "-" + expr(in.get(0), NEGATE - 1);
                return NEGATE;
            }
            return call(out, u.fn().name().toLowerCase(), expr(in.get(0), 0));
        }
        if (n.op() instanceof Binary b) {
            return binary(b.fn(), in.get(0), in.get(1), out);
        }
        if (n.op() instanceof MatMul m) {
            String a = expr(in.get(0), PRODUCT - 1);
            String c = expr(in.get(1), PRODUCT);
            out[0] = (m.transA() ? "transpose(" + expr(in.get(0), 0) + ")" : a) + " @ "
                    + (m.transB() ? "transpose(" + expr(in.get(1), 0) + ")" : c);
            return PRODUCT;
        }
        if (n.op() instanceof Reduce r) {
            return call(out, r.fn() == Reduce.Fn.SUM ? "sum" : "max", expr(in.get(0), 0)
                    + axes(in.get(0), r.from(), r.to()) + (r.keepDims() ? ", keepdims = true" : ""));
        }
        if (n.op() instanceof Reshape) {
            Node x = in.get(0);
            if (n.shape().isScalar() && x.op() instanceof Reduce r && r.from() == 0
                    && r.to() == x.input(0).shape().fullRank() && !names.containsKey(x)) {
                return call(out, r.fn() == Reduce.Fn.SUM ? "sum" : "max", expr(x.input(0), 0));
            }
            return call(out, "reshape", expr(x, 0) + ", " + n.shape());
        }
        if (n.op() instanceof Broadcast) {
            return call(out, "broadcast", expr(in.get(0), 0) + ", " + n.shape());
        }
        if (n.op() instanceof Transpose t) {
            int off = n.shape().batched() ? 1 : 0;
            return call(out, "transpose", expr(in.get(0), 0) + ", " + (t.a1() - off) + ", " + (t.a2() - off));
        }
        if (n.op() instanceof Concat c) {
            List<String> parts = new ArrayList<>();
            in.forEach(p -> parts.add(expr(p, 0)));
            return call(out, "concat", String.join(", ", parts) + ", axis = " + axisName(n, c.axis()));
        }
        if (n.op() instanceof Slice s) {
            return call(out, "slice", expr(in.get(0), 0) + ", " + s.from() + ", " + s.to() + ", axis = "
                    + axisName(n, s.axis()));
        }
        if (n.op() instanceof OneHot) {
            return call(out, "one_hot", expr(in.get(0), 0));
        }
        if (n.op() instanceof StopGradient) {
            return call(out, "stop_gradient", expr(in.get(0), 0));
        }
        List<String> args = new ArrayList<>();
        in.forEach(p -> args.add(expr(p, 0)));
        return call(out, n.op().toString(), String.join(", ", args));
    }

    private int binary(Binary.Fn fn, Node a, Node b, String[] out) {
        switch (fn) {
            case ADD, SUB -> {
                out[0] = expr(a, SUM - 1) + (fn == Binary.Fn.ADD ? " + " : " - ") + expr(b, SUM);
                return SUM;
            }
            case MUL, DIV -> {
                out[0] = expr(a, PRODUCT - 1) + (fn == Binary.Fn.MUL ? " * " : " / ") + expr(b, PRODUCT);
                return PRODUCT;
            }
            case POW -> {
                out[0] = expr(a, POWER) + " ^ " + expr(b, POWER - 1);
                return POWER;
            }
            default -> {
                return call(out, fn.name().toLowerCase(), expr(a, 0) + ", " + expr(b, 0));
            }
        }
    }

    private static int call(String[] out, String name, String args) {
        out[0] = name + "(" + args + ")";
        return ATOM;
    }

    private static String axes(Node x, int from, int to) {
        if (from == 0 && to == x.shape().fullRank()) {
            return "";
        }
        return to - from == 1 ? ", axis = " + axisName(x, from) : ", axes = " + axisName(x, from) + ".."
                + axisName(x, to - 1);
    }

    /** A full axis as the language counts it: per example, with "batch" for the batch axis. */
    private static String axisName(Node x, int full) {
        if (!x.shape().batched()) {
            return Integer.toString(full);
        }
        return full == 0 ? "batch" : Integer.toString(full - 1);
    }
}
