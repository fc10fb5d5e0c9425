package dnnc.compiler.ops;

import dnnc.compiler.codegen.Extent;
import dnnc.compiler.codegen.Lowering;
import dnnc.compiler.ir.GraphBuilder;
import dnnc.compiler.ir.Node;
import dnnc.compiler.ir.Shape;
import java.util.List;

/**
 * Sum or max over the contiguous full axes {@code [from, to)}, where axis 0 is the batch axis of a batched
 * tensor. Reducing the batch axis gives an unbatched result; {@code keepDims} keeps the other reduced axes
 * as 1s so the result broadcasts against the input. (Non-contiguous axes are reduced one run at a time.)
 */
public record Reduce(Fn fn, int from, int to, boolean keepDims) implements Op {

    public enum Fn { SUM, MAX }

    @Override
    public Shape shape(List<Shape> inputs) {
        Shape in = inputs.get(0);
        if (from < 0 || to > in.fullRank() || from >= to) {
            throw new IllegalArgumentException("reduce axes [" + from + ", " + to + ") out of range for " + in);
        }
        int offset = in.batched() ? 1 : 0;
        int[] dims = in.dims();
        int lo = Math.max(from - offset, 0);
        int hi = to - offset;
        int[] out = new int[keepDims ? dims.length : dims.length - (hi - lo)];
        int j = 0;
        for (int i = 0; i < dims.length; i++) {
            if (i >= lo && i < hi) {
                if (keepDims) {
                    out[j++] = 1;
                }
            } else {
                out[j++] = dims[i];
            }
        }
        return new Shape(in.batched() && from > 0, out);
    }

    /** [outer, mid, inner] of the input, for a batch of n: mid is the reduced extent. */
    private Extent[] split(Shape in) {
        boolean batched = in.batched();
        int[] dims = in.fullDims(1);
        int outer = 1, mid = 1, inner = 1;
        for (int i = 0; i < dims.length; i++) {
            if (i < from) {
                outer *= dims[i];
            } else if (i < to) {
                mid *= dims[i];
            } else {
                inner *= dims[i];
            }
        }
        return new Extent[] {
            new Extent(outer, batched && from > 0), new Extent(mid, batched && from == 0), Extent.of(inner)};
    }

    @Override
    public List<Node> vjp(GraphBuilder g, Node node, Node grad) {
        Node x = node.input(0);
        Shape kept = new Reduce(fn, from, to, true).shape(List.of(x.shape()));
        if (fn == Fn.MAX) {
            // The gradient goes to where the maximum is; elements tied for it share it equally (as torch.amax).
            Node mask = g.binary(Binary.Fn.EQ, x, g.reshape(node, kept));
            Node ties = g.reduceSum(mask, from, to, true);
            return List.of(g.mul(mask, g.div(g.reshape(grad, kept), ties)));
        }
        return List.of(g.broadcastTo(g.reshape(grad, kept), x.shape()));
    }

    @Override
    public double[] eval(Node node, double[][] in, int batch) {
        Extent[] e = split(node.input(0).shape());
        int outer = e[0].value(batch), mid = e[1].value(batch), inner = e[2].value(batch);
        double[] out = new double[outer * inner];
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                double acc = fn == Fn.SUM ? 0 : Double.NEGATIVE_INFINITY;
                for (int m = 0; m < mid; m++) {
                    double v = in[0][(o * mid + m) * inner + i];
                    acc = fn == Fn.SUM ? acc + v : Math.max(acc, v);
                }
                out[o * inner + i] = acc;
            }
        }
        return out;
    }

    @Override
    public void lower(Lowering l, Node node) {
        Extent[] e = split(node.input(0).shape());
        l.loadBuffer(node.input(0));
        l.pushExtent(e[0]);
        l.pushExtent(e[1]);
        l.pushExtent(e[2]);
        l.loadBuffer(node);
        l.invokeKernel("dnnc/runtime/kernels/Reduce", fn.name().toLowerCase(), "([FIII[F)V");
    }

    @Override
    public String toString() {
        return "reduce_" + fn.name().toLowerCase() + "[" + from + ":" + to + (keepDims ? ", keep]" : "]");
    }
}
