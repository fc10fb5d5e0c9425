package dnnc.compiler.ops;

import dnnc.compiler.codegen.Extent;
import dnnc.compiler.codegen.Lowering;
import dnnc.compiler.ir.GraphBuilder;
import dnnc.compiler.ir.Node;
import dnnc.compiler.ir.Shape;
import java.util.List;

/**
 * The sum of the squares of every element of x, a scalar: an L2 penalty's {@code sum(w * w)} made one node by
 * {@code FuseSumOfSquares} after differentiation (so it has no gradient rule of its own). The kernel squares and
 * adds in one pass over x, where the two ops wrote the squares to a buffer as large as x and read them back.
 */
public record SumOfSquares() implements Op {

    @Override
    public Shape shape(List<Shape> inputs) {
        return Shape.SCALAR;
    }

    @Override
    public List<Node> vjp(GraphBuilder g, Node node, Node grad) {
        throw new UnsupportedOperationException("a sum of squares is fused after differentiation");
    }

    @Override
    public double[] eval(Node node, double[][] in, int batch) {
        double s = 0;
        for (double v : in[0]) {
            s += v * v;
        }
        return new double[] {s};
    }

    @Override
    public void lower(Lowering l, Node node) {
        Shape x = node.input(0).shape();
        l.loadBuffer(node.input(0));
        l.pushExtent(new Extent(x.size(), x.batched()));
        l.loadBuffer(node);
        l.invokeKernel("dnnc/runtime/kernels/Reduce", "sumOfSquares", "([FI[F)V");
    }

    @Override
    public String toString() {
        return "sum_of_squares";
    }
}
