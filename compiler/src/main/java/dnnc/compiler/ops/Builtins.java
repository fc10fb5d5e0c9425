package dnnc.compiler.ops;

import dnnc.compiler.check.CallSite;
import dnnc.compiler.check.Value;
import dnnc.compiler.ir.GraphBuilder;
import dnnc.compiler.ir.Node;
import dnnc.compiler.ir.Shape;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The language's built-in functions, each built from the primitive ops. A composite keeps the checks that
 * make its shape rule here, next to its construction; its gradient follows from its primitives'.
 */
public final class Builtins {
    private static final Map<String, Builtin> TABLE = new LinkedHashMap<>();

    static {
        add(Signature.of("dense", "x", "units", "init=glorot", "bias=true"),
                "x @ W + b over the last axis, with its own W [in, units] and b [units]", Builtins::dense);
        unary("relu", Unary.Fn.RELU, "max(x, 0), elementwise");
        unary("sigmoid", Unary.Fn.SIGMOID, "1 / (1 + exp(-x)), elementwise");
        unary("tanh", Unary.Fn.TANH, "hyperbolic tangent, elementwise");
        unary("exp", Unary.Fn.EXP, "e to the x, elementwise");
        unary("log", Unary.Fn.LOG, "natural logarithm, elementwise");
        add(Signature.of("softmax", "x", "axis=-1"), "exp(x) / sum(exp(x)) along an axis (stable)",
                c -> softmax(c, false));
        add(Signature.of("log_softmax", "x", "axis=-1"), "x - log(sum(exp(x))) along an axis (stable)",
                c -> softmax(c, true));
        add(Signature.of("sum", "x", "axis=all", "keepdims=false"),
                "sum of all elements (the batch included), or along one axis of an example",
                c -> reduce(c, Reduction.SUM));
        add(Signature.of("mean", "x", "axis=all", "keepdims=false"),
                "mean of all elements (the batch included), or along one axis of an example",
                c -> reduce(c, Reduction.MEAN));
        add(Signature.of("max", "x", "y=none", "axis=all", "keepdims=false"),
                "max(a, b): the larger, elementwise; max(x) or max(x, axis = k): the largest element",
                c -> c.isGiven(1) ? Activations.pairwise(c, true) : reduce(c, Reduction.MAX));
        add(Signature.of("min", "x", "y=none", "axis=all", "keepdims=false"),
                "min(a, b): the smaller, elementwise; min(x) or min(x, axis = k): the smallest element",
                c -> c.isGiven(1) ? Activations.pairwise(c, false) : reduce(c, Reduction.MIN));
        Activations.register();
        Losses.register();
        Shapes.register();
        add(Signature.of("dropout", "x", "p"),
                "while training, zeroes each element with probability p and scales the rest by 1/(1-p); "
                        + "the identity when evaluating or predicting", Builtins::dropout);
        add(Signature.of("normal", "mean=0", "std=1"), "initializer: normal distribution", c -> init(c, "normal"));
        add(Signature.of("uniform", "low=-0.05", "high=0.05"), "initializer: uniform distribution",
                c -> init(c, "uniform"));
        add(Signature.of("constant", "value"), "initializer: every element the same value", c -> init(c, "constant"));
        add(Signature.of("one_hot", "labels"), "label[K] to float[K] rows of 0s with a 1 at the label",
                Builtins::oneHot);
    }

    static {
        ConvBuiltins.all().forEach(b -> TABLE.put(b.name(), b));
        NormBuiltins.all().forEach(b -> TABLE.put(b.name(), b));
    }

    private Builtins() {
    }

    static void add(Signature signature, String doc, java.util.function.Function<CallSite, Value> apply) {
        TABLE.put(signature.name(), new Builtin(signature, doc, apply));
    }

    static void unary(String name, Unary.Fn fn, String doc) {
        add(Signature.of(name, "x"), doc, c -> {
            Node x = c.tensor(0);
            return x == null ? null : tensor(c.graph().unary(fn, x));
        });
    }

    public static Builtin get(String name) {
        return TABLE.get(name);
    }

    public static Collection<Builtin> all() {
        return TABLE.values();
    }

    static Value tensor(Node n) {
        return new Value.Tensor(n);
    }

    // ---- layers ----

    private static Value dense(CallSite c) {
        Node x = c.tensor(0);
        Integer units = c.integer(1, 1);
        Boolean bias = c.bool(3);
        if (x == null || units == null || bias == null) {
            return null;
        }
        if (x.shape().rank() < 1) {
            c.error(0, "dense() needs an input with a feature axis, but got a single number per example");
            return null;
        }
        GraphBuilder g = c.graph();
        int in = x.shape().dim(x.shape().rank() - 1);
        String layer = c.newLayer("dense");
        Node w = c.declareParam(layer + ".W", Shape.of(in, units), c.valueOrDefault(2));
        Node y = g.matmul(x, w, false, false);
        if (bias) {
            y = g.add(y, c.declareParam(layer + ".b", Shape.of(units), new Value.Word("zeros")));
        }
        return tensor(y);
    }

    // ---- along an axis ----

    /** The full-shape axis (batch axis counted) of a per-example axis as written, or null (reported). */
    static Integer axis(CallSite c, int arg, Node x) {
        Integer a = c.integer(arg, Integer.MIN_VALUE);
        if (a == null) {
            return null;
        }
        int rank = x.shape().rank();
        if (rank == 0 || a < -rank || a >= rank) {
            c.error(arg, c.name() + "() axis " + a + " is out of range for an example of shape "
                    + x.shape().dimsText() + (rank == 0 ? ", which has no axes" : " (axes 0.." + (rank - 1)
                    + ", or -1 for the last)"));
            return null;
        }
        return (a < 0 ? a + rank : a) + (x.shape().batched() ? 1 : 0);
    }

    private static Value softmax(CallSite c, boolean log) {
        Node x = c.tensor(0);
        Integer axis = x == null ? null : axis(c, 1, x);
        if (axis == null) {
            return null;
        }
        return tensor(softmax(c.graph(), x, axis, log));
    }

    /** Shifted by the stopped max so exp never overflows; the shift cancels, so no gradient is lost. */
    static Node softmax(GraphBuilder g, Node x, int axis, boolean log) {
        Node shifted = g.sub(x, g.stopGradient(g.reduceMax(x, axis, axis + 1, true)));
        Node e = g.exp(shifted);
        Node total = g.reduceSum(e, axis, axis + 1, true);
        return log ? g.sub(shifted, g.log(total)) : g.div(e, total);
    }

    private enum Reduction { SUM, MEAN, MAX, MIN }

    private static Value reduce(CallSite c, Reduction kind) {
        Node x = c.tensor(0);
        int axisArg = c.signature().indexOf("axis");
        int keepArg = c.signature().indexOf("keepdims");
        Boolean keep = c.bool(keepArg);
        if (x == null || keep == null) {
            return null;
        }
        GraphBuilder g = c.graph();
        int from = 0;
        int to = x.shape().fullRank();
        if (c.isGiven(axisArg)) {
            Integer axis = axis(c, axisArg, x);
            if (axis == null) {
                return null;
            }
            from = axis;
            to = axis + 1;
        } else if (c.isGiven(keepArg)) {
            c.error(keepArg, c.name() + "() over every element gives a single number; keepdims needs an axis",
                    "help: e.g. " + c.name() + "(x, axis = -1, keepdims = true)");
            return null;
        }
        boolean all = !c.isGiven(axisArg);
        if (all && to == 0) {
            return tensor(x);
        }
        Node in = kind == Reduction.MIN ? g.neg(x) : x;
        Node r = kind == Reduction.MAX || kind == Reduction.MIN
                ? g.node(new Reduce(Reduce.Fn.MAX, from, to, keep), in) : g.reduceSum(in, from, to, keep);
        if (all) {
            r = g.reshape(r, Shape.SCALAR);
        }
        return tensor(switch (kind) {
            case MEAN -> g.div(r, count(g, x.shape(), from, to));
            case MIN -> g.neg(r);
            default -> r;
        });
    }

    /** How many elements full axes [from, to) hold: a constant, times the batch size if it is among them. */
    static Node count(GraphBuilder g, Shape s, int from, int to) {
        int[] dims = s.fullDims(1);
        int n = 1;
        for (int i = from; i < to; i++) {
            n *= dims[i];
        }
        boolean batch = s.batched() && from == 0;
        return batch ? g.mul(g.batchSize(), g.constant(n)) : g.constant(n);
    }

    private static Value dropout(CallSite c) {
        Node x = c.tensor(0);
        Double p = c.number(1);
        if (x == null || p == null) {
            return null;
        }
        if (p < 0 || p >= 1) {
            c.error(1, "dropout() rate must be at least 0 and below 1, not " + GraphBuilder.formatNumber(p));
            return null;
        }
        if (!x.shape().batched()) {
            c.error(0, "dropout() applies to values computed per example, not " + x.shape().dimsText());
            return null;
        }
        return tensor(p == 0 ? x : c.graph().mul(x, c.graph().dropoutMask(x.shape(), p)));
    }

    private static Value init(CallSite c, String kind) {
        Double a = c.number(0);
        Double b = c.signature().size() > 1 ? c.number(1) : Double.valueOf(0);
        if (a == null || b == null) {
            return null;
        }
        if (kind.equals("normal") && b < 0 || kind.equals("uniform") && b < a) {
            c.errorAtCall(kind + "(" + a + ", " + b + ") is not a distribution: "
                    + (kind.equals("normal") ? "std must not be negative" : "low must not exceed high"));
            return null;
        }
        return new Value.Init(kind, a, b);
    }

    private static Value oneHot(CallSite c) {
        if (c.value(0) instanceof Value.Labels labels) {
            return tensor(c.graph().oneHot(labels.node(), labels.classes()));
        }
        c.error(0, "one_hot() expects class labels (label[K]), not " + Value.describe(c.value(0)));
        return null;
    }
}
