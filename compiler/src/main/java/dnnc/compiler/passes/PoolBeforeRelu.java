package dnnc.compiler.passes;

import dnnc.compiler.ir.Graph;
import dnnc.compiler.ir.Node;
import dnnc.compiler.ops.Pool;
import dnnc.compiler.ops.Unary;
import java.util.Map;

/**
 * Max pooling of a ReLU becomes a ReLU of the max pooling. ReLU is monotonic, so both compute the same values
 * and the same gradients (each window's to its first largest element when that is positive, else none), but
 * the ReLU and its gradient then touch a quarter of the elements (2x2 windows), and the full-size ReLU output
 * is never stored. Applies only where the pooling is the ReLU's only reader.
 */
public final class PoolBeforeRelu implements Pass {
    @Override
    public String name() {
        return "pool-before-relu";
    }

    @Override
    public Graph run(Graph graph) {
        Map<Node, Integer> readers = Rewriter.readersAndRuntime(graph);
        return Rewriter.rewrite(graph, (g, node, inputs) -> {
            if (node.op() instanceof Pool p && p.max() && isRelu(inputs.get(0)) && readers.get(node.input(0)) == 1) {
                return g.unary(Unary.Fn.RELU, g.node(p, inputs.get(0).input(0)));
            }
            return Rewriter.rebuild(g, node, inputs);
        });
    }

    private static boolean isRelu(Node n) {
        return n.op() instanceof Unary u && u.fn() == Unary.Fn.RELU;
    }
}
