package dnnc.compiler.passes;

import dnnc.compiler.ir.Graph;
import dnnc.compiler.ir.Node;
import dnnc.compiler.ir.Shape;
import dnnc.compiler.ops.Binary;
import dnnc.compiler.ops.MatMul;
import dnnc.compiler.ops.MatMulBias;
import dnnc.compiler.ops.Unary;
import java.util.Map;

/**
 * A product x @ W plus a bias b [n] becomes one {@link MatMulBias} node, and so does the ReLU of that sum: the
 * kernel adds the bias (and takes the ReLU) on each block of the product while the thread that computed it has it
 * in its cache, instead of a loop over the whole result afterwards, split between the threads another way. The
 * values are the same floats. Runs after differentiation, like {@link FuseConvBias}: the gradients never read
 * the product alone, and a ReLU's gradient reads its output, not the sum. Applies only where the sum is the
 * product's only reader, and takes the ReLU in only where the ReLU is the sum's only reader.
 */
public final class FuseDenseBias implements Pass {
    @Override
    public String name() {
        return "fuse-dense-bias";
    }

    @Override
    public Graph run(Graph graph) {
        Map<Node, Integer> readers = Rewriter.readersAndRuntime(graph);
        return Rewriter.rewrite(graph, (g, node, inputs) -> {
            if (node.op() instanceof Binary b && b.fn() == Binary.Fn.ADD) {
                for (int side = 0; side < 2; side++) {
                    Node product = inputs.get(side), bias = inputs.get(1 - side);
                    if (product.op() instanceof MatMul m && !m.transA() && isColumnBias(bias, product.shape())
                            && readers.get(node.input(side)) == 1) {
                        return g.node(new MatMulBias(m.transB(), false), product.input(0), product.input(1), bias);
                    }
                }
            }
            if (node.op() instanceof Unary u && u.fn() == Unary.Fn.RELU
                    && inputs.get(0).op() instanceof MatMulBias mb && !mb.relu()
                    && readers.get(node.input(0)) == 1) {
                Node sum = inputs.get(0);
                return g.node(new MatMulBias(mb.transB(), true), sum.input(0), sum.input(1), sum.input(2));
            }
            return Rewriter.rebuild(g, node, inputs);
        });
    }

    /** An unbatched [n] for a product whose rows are n wide. */
    private static boolean isColumnBias(Node bias, Shape product) {
        Shape s = bias.shape();
        return !s.batched() && s.rank() == 1 && s.dim(0) == product.dim(product.rank() - 1);
    }
}
