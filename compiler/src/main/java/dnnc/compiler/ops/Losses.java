package dnnc.compiler.ops;

import static dnnc.compiler.ops.Builtins.add;
import static dnnc.compiler.ops.Builtins.count;
import static dnnc.compiler.ops.Builtins.tensor;

import dnnc.compiler.check.CallSite;
import dnnc.compiler.check.Value;
import dnnc.compiler.ir.GraphBuilder;
import dnnc.compiler.ir.Node;
import dnnc.compiler.ir.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * Loss functions and penalties, each a composite with PyTorch's definition (and its default reduction,
 * the mean), so that losses and gradients can be compared with it number for number.
 */
final class Losses {
    private Losses() {
    }

    interface Elementwise2 {
        Node apply(GraphBuilder g, Node prediction, Node target);
    }

    static void register() {
        add(Signature.of("cross_entropy", "logits", "labels", "smoothing=0"),
                "mean over the batch of -sum(t * log_softmax(logits)): t one-hot of label[K] labels, or given "
                        + "probabilities of the logits' shape; with smoothing e, t becomes (1 - e) t + e / K",
                Losses::crossEntropy);
        pointwise("mse", "mean of (prediction - target)^2 over all elements", (g, p, t) -> {
            Node d = g.sub(p, t);
            return g.mul(d, d);
        });
        pointwise("mae", "mean of |prediction - target| over all elements", (g, p, t) ->
                g.unary(Unary.Fn.ABS, g.sub(p, t)));
        add(Signature.of("huber", "prediction", "target", "delta=1"),
                "mean of d^2/2 where |d| <= delta, else delta * (|d| - delta/2); d = prediction - target",
                Losses::huber);
        pointwise("binary_cross_entropy", "mean of -(t log p + (1 - t) log(1 - p)), each log at least -100",
                (g, p, t) -> g.neg(g.add(g.mul(t, clampedLog(g, p)),
                        g.mul(g.sub(g.constant(1), t), clampedLog(g, g.sub(g.constant(1), p))))));
        pointwise("binary_cross_entropy_with_logits", "binary_cross_entropy(sigmoid(z), t), computed stably from z",
                (g, z, t) -> g.sub(Activations.softplus(g, z), g.mul(z, t)));
        pointwise("hinge", "mean of max(0, 1 - t * score), for targets t of -1 and 1",
                (g, s, t) -> g.unary(Unary.Fn.RELU, g.sub(g.constant(1), g.mul(t, s))));
        add(Signature.of("l2", "tensors", "..."),
                "sum of squares of the given tensors; l2(params) takes all parameters, l2(\"dense1.W\") one by name",
                c -> penalty(c, (g, t) -> g.mul(t, t)));
        add(Signature.of("l1", "tensors", "..."),
                "sum of absolute values of the given tensors; params and names as for l2",
                c -> penalty(c, (g, t) -> g.unary(Unary.Fn.ABS, t)));
    }

    /** log(x), at least -100, as torch.nn.functional.binary_cross_entropy clamps it. */
    private static Node clampedLog(GraphBuilder g, Node x) {
        return g.max(g.log(x), g.constant(-100));
    }

    /** A loss that is the mean over every element of f(prediction, target), both of one shape. */
    private static void pointwise(String name, String doc, Elementwise2 f) {
        add(Signature.of(name, "prediction", "target"), doc, c -> {
            Node p = pair(c);
            return p == null ? null : tensor(mean(c.graph(), f.apply(c.graph(), p, c.tensor(1))));
        });
    }

    private static String perExample(Shape s) {
        return s.dimsText() + (s.batched() ? " per example" : "");
    }

    /** The prediction, when prediction and target are tensors of the same shape; else null, reported. */
    private static Node pair(CallSite c) {
        Node p = c.tensor(0);
        Node t = c.tensor(1);
        if (p == null || t == null) {
            return null;
        }
        if (!p.shape().equals(t.shape())) {
            c.errorAtCall(c.name() + "() needs prediction and target of the same shape, but got "
                    + perExample(p.shape()) + " and " + perExample(t.shape()), c.origin(0), c.origin(1));
            return null;
        }
        return p;
    }

    static Node mean(GraphBuilder g, Node x) {
        return g.div(g.sumAll(x), count(g, x.shape(), 0, x.shape().fullRank()));
    }

    private static Value huber(CallSite c) {
        Node p = pair(c);
        Double delta = c.number(2);
        if (p == null || delta == null) {
            return null;
        }
        if (delta <= 0) {
            c.error(2, "huber() needs delta > 0, not " + GraphBuilder.formatNumber(delta));
            return null;
        }
        GraphBuilder g = c.graph();
        Node a = g.unary(Unary.Fn.ABS, g.sub(p, c.tensor(1)));
        Node q = g.min(a, g.constant(delta));   // |d| up to delta: quadratic there, linear beyond
        Node loss = g.add(g.mul(g.constant(0.5), g.mul(q, q)), g.mul(g.constant(delta), g.sub(a, q)));
        return tensor(mean(g, loss));
    }

    private static Value crossEntropy(CallSite c) {
        Node logits = c.tensor(0);
        Double smoothing = c.number(2);
        if (logits == null || smoothing == null) {
            return null;
        }
        if (smoothing < 0 || smoothing >= 1) {
            c.error(2, "cross_entropy() smoothing must be at least 0 and below 1, not "
                    + GraphBuilder.formatNumber(smoothing));
            return null;
        }
        Shape s = logits.shape();
        GraphBuilder g = c.graph();
        Node targets;
        if (c.value(1) instanceof Value.Labels labels) {
            if (!s.batched() || s.rank() != 1 || s.dim(0) != labels.classes()) {
                c.error(0, "cross_entropy() expects logits of shape [" + labels.classes() + "] per example to match "
                        + "label[" + labels.classes() + "], but got " + s.dimsText() + (s.batched() ? "" : " (not per example)"),
                        c.origin(0));
                return null;
            }
            targets = g.oneHot(labels.node(), labels.classes());
        } else if (c.value(1) instanceof Value.Tensor t) {
            if (!s.batched() || s.rank() != 1 || !t.node().shape().equals(s)) {
                c.errorAtCall("cross_entropy() with probability targets needs logits [K] per example and targets "
                        + "of the same shape, but got " + s.dimsText() + " and " + t.node().shape().dimsText());
                return null;
            }
            targets = t.node();
        } else {
            c.error(1, "cross_entropy() expects class labels (a target declared as label[K]) or target "
                    + "probabilities as its second argument, but got " + Value.describe(c.value(1)),
                    "help: declare the target as label[K] for K classes, or compare numbers with mse(prediction, target)");
            return null;
        }
        if (smoothing > 0) {   // as torch.nn.CrossEntropyLoss(label_smoothing = e)
            targets = g.add(g.mul(g.constant(1 - smoothing), targets), g.constant(smoothing / s.dim(0)));
        }
        Node logProbs = Builtins.softmax(g, logits, 1, true);
        return tensor(g.div(g.neg(g.sumAll(g.mul(targets, logProbs))), g.batchSize()));
    }

    interface PerTensor {
        Node apply(GraphBuilder g, Node t);
    }

    /** l1/l2: the sum over the given tensors (params: every parameter; a string: one by name) of f. */
    private static Value penalty(CallSite c, PerTensor f) {
        List<Value> given = new ArrayList<>();
        given.add(c.value(0));
        given.addAll(c.rest());
        List<Node> tensors = new ArrayList<>();
        for (Value v : given) {
            if (v instanceof Value.AllParams) {
                tensors.addAll(c.allParams());
            } else if (v instanceof Value.Tensor t) {
                tensors.add(t.node());
            } else if (v instanceof Value.Str name) {
                Node p = c.allParams().stream().filter(n -> ((Leaf) n.op()).name().equals(name.value()))
                        .findFirst().orElse(null);
                if (p == null) {
                    c.errorAtCall(c.name() + "(): the model has no parameter named \"" + name.value() + "\"",
                            "note: its parameters are " + c.allParams().stream()
                                    .map(n -> ((Leaf) n.op()).name()).toList());
                    return null;
                }
                tensors.add(p);
            } else {
                c.errorAtCall(c.name() + "() takes tensors, params or parameter names, not " + Value.describe(v));
                return null;
            }
        }
        GraphBuilder g = c.graph();
        Node total = g.constant(0);
        for (Node t : tensors) {
            total = g.add(total, g.sumAll(f.apply(g, t)));
        }
        return tensor(total);
    }
}
