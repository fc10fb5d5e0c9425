package dnnc.compiler.ops;

import dnnc.compiler.codegen.Extent;
import dnnc.compiler.codegen.Lowering;
import dnnc.compiler.ir.GraphBuilder;
import dnnc.compiler.ir.Node;
import dnnc.compiler.ir.Shape;
import java.util.List;

/**
 * Swaps two full axes {@code a1 < a2} of a tensor (never the batch axis): {@code [B, 3, 4] -> [B, 4, 3]} for
 * axes 1 and 2. Its own gradient rule: the same swap of the gradient. Lowered to a copying runtime kernel.
 */
public record Transpose(int a1, int a2) implements Op {

    @Override
    public Shape shape(List<Shape> inputs) {
        Shape in = inputs.get(0);
        int offset = in.batched() ? 1 : 0;
        if (a1 < offset || a1 >= a2 || a2 >= in.fullRank()) {
            throw new IllegalArgumentException("cannot swap axes " + a1 + " and " + a2 + " of " + in);
        }
        int[] dims = in.dims();
        int t = dims[a1 - offset];
        dims[a1 - offset] = dims[a2 - offset];
        dims[a2 - offset] = t;
        return new Shape(in.batched(), dims);
    }

    /** The input viewed as [outer, a, mid, b, inner]. */
    private Extent[] split(Shape in) {
        int[] dims = in.fullDims(1);
        int outer = 1, mid = 1, inner = 1;
        for (int i = 0; i < dims.length; i++) {
            if (i < a1) {
                outer *= dims[i];
            } else if (i > a1 && i < a2) {
                mid *= dims[i];
            } else if (i > a2) {
                inner *= dims[i];
            }
        }
        return new Extent[] {new Extent(outer, in.batched()), Extent.of(dims[a1]), Extent.of(mid),
            Extent.of(dims[a2]), Extent.of(inner)};
    }

    @Override
    public List<Node> vjp(GraphBuilder g, Node node, Node grad) {
        return List.of(g.transpose(grad, a1, a2));
    }

    @Override
    public double[] eval(Node node, double[][] in, int batch) {
        Extent[] e = split(node.input(0).shape());
        int outer = e[0].value(batch), a = e[1].value(batch), mid = e[2].value(batch), b = e[3].value(batch);
        int inner = e[4].value(batch);
        double[] out = new double[in[0].length];
        int src = 0;
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < a; i++) {
                for (int m = 0; m < mid; m++) {
                    for (int j = 0; j < b; j++) {
                        int dst = o * a * mid * b * inner + ((j * mid + m) * a + i) * inner;
                        for (int k = 0; k < inner; k++) {
                            out[dst + k] = in[0][src++];
                        }
                    }
                }
            }
        }
        return out;
    }

    @Override
    public void lower(Lowering l, Node node) {
        l.loadBuffer(node.input(0));
        for (Extent e : split(node.input(0).shape())) {
            l.pushExtent(e);
        }
        l.loadBuffer(node);
        l.invokeKernel("dnnc/runtime/kernels/Layout", "swapAxes", "([FIIIII[F)V");
    }

    @Override
    public String toString() {
        return "transpose[" + a1 + ", " + a2 + "]";
    }
}
