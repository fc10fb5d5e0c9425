package dnnc.compiler.ir;

import dnnc.compiler.ops.Binary;
import dnnc.compiler.ops.Broadcast;
import dnnc.compiler.ops.Concat;
import dnnc.compiler.ops.Slice;
import dnnc.compiler.ops.Transpose;
import dnnc.compiler.ops.Elementwise;
import dnnc.compiler.ops.Leaf;
import dnnc.compiler.ops.MatMul;
import dnnc.compiler.ops.OneHot;
import dnnc.compiler.ops.Op;
import dnnc.compiler.ops.Reduce;
import dnnc.compiler.ops.Reshape;
import dnnc.compiler.ops.StopGradient;
import dnnc.compiler.ops.Unary;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes IR nodes, checking each against its op's shape rule. Elementwise ops on constants are folded as they
 * are made, so that {@code 1/255} is a number to whoever asks. Used by the checker, the gradient rules and
 * the passes alike.
 */
public final class GraphBuilder {
    private static final AtomicInteger IDS = new AtomicInteger();

    public Node node(Op op, Node... inputs) {
        List<Node> in = Arrays.asList(inputs);
        List<Shape> shapes = new ArrayList<>();
        for (Node n : in) {
            shapes.add(n.shape());
        }
        Shape shape = op.shape(shapes);
        if (op instanceof Elementwise e && shape.isScalar() && inputs.length > 0 && allConstant(in)) {
            return constant(e.apply(in.stream().mapToDouble(n -> ((Leaf) n.op()).value()).toArray()));
        }
        return new Node(IDS.incrementAndGet(), op, in, shape);
    }

    /** A node exactly as asked, without folding: for tests of the passes that fold. */
    public Node unfolded(Op op, Node... inputs) {
        List<Shape> shapes = new ArrayList<>();
        for (Node n : inputs) {
            shapes.add(n.shape());
        }
        return new Node(IDS.incrementAndGet(), op, Arrays.asList(inputs), op.shape(shapes));
    }

    private static boolean allConstant(List<Node> nodes) {
        return nodes.stream().allMatch(GraphBuilder::isConstant);
    }

    public static boolean isConstant(Node n) {
        return n.op() instanceof Leaf l && l.is(Leaf.Kind.CONST);
    }

    /** The constant's value, or NaN when {@code n} is not a constant. */
    public static double constantValue(Node n) {
        return isConstant(n) ? ((Leaf) n.op()).value() : Double.NaN;
    }

    // ---- leaves ----

    public Node constant(double value) {
        return new Node(IDS.incrementAndGet(), Leaf.constant(value), List.of(), Shape.SCALAR);
    }

    public Node batchSize() {
        return new Node(IDS.incrementAndGet(), Leaf.batchSize(), List.of(), Shape.SCALAR);
    }

    public Node leaf(Leaf.Kind kind, String name, Shape shape) {
        return new Node(IDS.incrementAndGet(), new Leaf(kind, name, shape, 0), List.of(), shape);
    }

    /** A dropout mask of {@code shape} with rate {@code rate}, which the runtime fills for each step. */
    public Node dropoutMask(Shape shape, double rate) {
        return new Node(IDS.incrementAndGet(), new Leaf(Leaf.Kind.NOISE, "", shape, rate), List.of(), shape);
    }

    /** 1 while a training step runs, 0 when evaluating or predicting. */
    public Node trainingFlag() {
        return new Node(IDS.incrementAndGet(), new Leaf(Leaf.Kind.TRAINING, "", Shape.SCALAR, 0), List.of(), Shape.SCALAR);
    }

    // ---- elementwise ----

    public Node unary(Unary.Fn fn, Node x) {
        return node(new Unary(fn), x);
    }

    public Node neg(Node x) {
        return unary(Unary.Fn.NEG, x);
    }

    public Node exp(Node x) {
        return unary(Unary.Fn.EXP, x);
    }

    public Node log(Node x) {
        return unary(Unary.Fn.LOG, x);
    }

    public Node binary(Binary.Fn fn, Node a, Node b) {
        return node(new Binary(fn), a, b);
    }

    public Node add(Node a, Node b) {
        return binary(Binary.Fn.ADD, a, b);
    }

    public Node sub(Node a, Node b) {
        return binary(Binary.Fn.SUB, a, b);
    }

    public Node mul(Node a, Node b) {
        return binary(Binary.Fn.MUL, a, b);
    }

    public Node div(Node a, Node b) {
        return binary(Binary.Fn.DIV, a, b);
    }

    public Node pow(Node a, Node b) {
        return binary(Binary.Fn.POW, a, b);
    }

    public Node max(Node a, Node b) {
        return binary(Binary.Fn.MAX, a, b);
    }

    public Node min(Node a, Node b) {
        return binary(Binary.Fn.MIN, a, b);
    }

    // ---- structure ----

    /** Swaps full axes a1 &lt; a2 (neither the batch axis). */
    public Node transpose(Node x, int a1, int a2) {
        return node(new Transpose(a1, a2), x);
    }

    /** Joins tensors along full axis {@code axis}. */
    public Node concat(int axis, Node... parts) {
        return parts.length == 1 ? parts[0] : node(new Concat(axis), parts);
    }

    /** Elements [from, to) of full axis {@code axis}. */
    public Node slice(Node x, int axis, int from, int to) {
        return from == 0 && to == x.shape().fullDims(1)[axis] ? x : node(new Slice(axis, from, to), x);
    }

    /** A tensor of zeros of this shape. */
    public Node zeros(Shape shape) {
        return node(new Broadcast(shape), constant(0));
    }

    public Node matmul(Node a, Node b, boolean transA, boolean transB) {
        return node(new MatMul(transA, transB), a, b);
    }

    /** Sum over full axes [from, to) (axis 0 is the batch axis of a batched tensor). */
    public Node reduceSum(Node x, int from, int to, boolean keepDims) {
        return node(new Reduce(Reduce.Fn.SUM, from, to, keepDims), x);
    }

    public Node reduceMax(Node x, int from, int to, boolean keepDims) {
        return node(new Reduce(Reduce.Fn.MAX, from, to, keepDims), x);
    }

    /** Sum of every element, the batch included: a scalar. */
    public Node sumAll(Node x) {
        return x.shape().fullRank() == 0 ? x : reshape(reduceSum(x, 0, x.shape().fullRank(), false), Shape.SCALAR);
    }

    public Node reshape(Node x, Shape target) {
        return x.shape().equals(target) ? x : node(new Reshape(target), x);
    }

    public Node broadcastTo(Node x, Shape target) {
        return x.shape().equals(target) ? x : node(new Broadcast(target), x);
    }

    public Node oneHot(Node labels, int classes) {
        return node(new OneHot(classes), labels);
    }

    public Node stopGradient(Node x) {
        return node(new StopGradient(), x);
    }

    /**
     * Sums {@code x} down to {@code target}, a shape that broadcasts to x's: the reverse of broadcasting, and so
     * the gradient of it. Reduces the batch axis and extra leading dims, then each run of dims that target has
     * as 1.
     */
    public Node sumTo(Node x, Shape target) {
        Shape s = x.shape();
        if (s.equals(target)) {
            return x;
        }
        Node out = x;
        int extra = s.rank() - target.rank();
        if (s.batched() && !target.batched()) {
            out = reduceSum(out, 0, 1 + extra, false);
        } else if (extra > 0) {
            int offset = s.batched() ? 1 : 0;
            out = reduceSum(out, offset, offset + extra, false);
        }
        int offset = out.shape().batched() ? 1 : 0;
        int[] dims = out.shape().dims();
        for (int i = 0; i < dims.length; ) {
            if (target.dim(i) == 1 && dims[i] != 1) {
                int j = i;
                while (j < dims.length && target.dim(j) == 1 && dims[j] != 1) {
                    j++;
                }
                out = reduceSum(out, offset + i, offset + j, true);
                i = j;
            } else {
                i++;
            }
        }
        return reshape(out, target);
    }

    /** A number as the language writes it: 2 rather than 2.0. */
    public static String formatNumber(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
