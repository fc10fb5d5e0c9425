package dnnc.compiler.passes;

import dnnc.compiler.ir.Graph;
import dnnc.compiler.ir.Node;
import dnnc.compiler.ops.Binary;
import dnnc.compiler.ops.MatMul;
import dnnc.compiler.ops.MatMulReluGrad;
import dnnc.compiler.ops.Unary;
import java.util.Map;

/**
 * The gradient through a ReLU, {@code (g @ W^T) * step(out)}, becomes one {@link MatMulReluGrad} node: the kernel
 * multiplies each block of the product by the step while the thread that computed it has it in its cache,
 * instead of a loop over the whole result afterwards. The values are the same floats. Runs after
 * differentiation, which builds the multiplication (the ReLU's gradient rule reads its output). Applies only
 * where the multiplication is the product's only reader, and where the two are shaped alike.
 */
public final class FuseReluGradient implements Pass {
    @Override
    public String name() {
        return "fuse-relu-gradient";
    }

    @Override
    public Graph run(Graph graph) {
        Map<Node, Integer> readers = Rewriter.readersAndRuntime(graph);
        return Rewriter.rewrite(graph, (g, node, inputs) -> {
            if (node.op() instanceof Binary b && b.fn() == Binary.Fn.MUL) {
                for (int side = 0; side < 2; side++) {
                    Node product = inputs.get(side), step = inputs.get(1 - side);
                    if (product.op() instanceof MatMul m && !m.transA()
                            && step.op() instanceof Unary u && u.fn() == Unary.Fn.STEP
                            && product.shape().equals(node.shape()) && step.shape().equals(node.shape())
                            && readers.get(node.input(side)) == 1) {
                        return g.node(new MatMulReluGrad(m.transB()), product.input(0), product.input(1),
                                step.input(0));
                    }
                }
            }
            return Rewriter.rebuild(g, node, inputs);
        });
    }
}
