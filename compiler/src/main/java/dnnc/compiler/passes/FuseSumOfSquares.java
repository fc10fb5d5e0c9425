package dnnc.compiler.passes;

import dnnc.compiler.ir.Graph;
import dnnc.compiler.ir.Node;
import dnnc.compiler.ops.Binary;
import dnnc.compiler.ops.Reduce;
import dnnc.compiler.ops.SumOfSquares;
import java.util.Map;

/**
 * The sum over every element of x * x becomes one {@link SumOfSquares} node: an L2 penalty, {@code l2(params)},
 * then reads each weight once per step instead of writing its squares to a buffer as large as the weight and
 * reading them back (the Fashion-MNIST MLP's first weights: 800 KB each way). Runs after differentiation: the
 * penalty's gradient reads x, not the product, so where the product has no other reader the sum was its only one.
 */
public final class FuseSumOfSquares implements Pass {
    @Override
    public String name() {
        return "fuse-sum-of-squares";
    }

    @Override
    public Graph run(Graph graph) {
        Map<Node, Integer> readers = Rewriter.readersAndRuntime(graph);
        return Rewriter.rewrite(graph, (g, node, inputs) -> {
            if (isFullSum(node) && isSquare(inputs.get(0)) && readers.get(node.input(0)) == 1) {
                return g.node(new SumOfSquares(), inputs.get(0).input(0));
            }
            return Rewriter.rebuild(g, node, inputs);
        });
    }

    private static boolean isFullSum(Node n) {
        return n.op() instanceof Reduce r && r.fn() == Reduce.Fn.SUM && r.from() == 0 && !r.keepDims()
                && r.to() == n.input(0).shape().fullRank();
    }

    private static boolean isSquare(Node n) {
        return n.op() instanceof Binary b && b.fn() == Binary.Fn.MUL && n.input(0) == n.input(1);
    }
}
