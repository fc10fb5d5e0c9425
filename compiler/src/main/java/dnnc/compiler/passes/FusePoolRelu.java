package dnnc.compiler.passes;

import dnnc.compiler.ir.Graph;
import dnnc.compiler.ir.Node;
import dnnc.compiler.ops.MaxPoolRelu;
import dnnc.compiler.ops.Pool;
import dnnc.compiler.ops.Unary;
import java.util.HashMap;
import java.util.Map;

/**
 * relu(maxpool(x)) becomes one {@link MaxPoolRelu} node, which applies the ReLU while each plane is pooled: one
 * pass over the pooled values fewer, and on one example (where the generated ReLU loop runs on the calling
 * thread) no reading back of what the other core pooled. Runs after differentiation, like {@link FuseConvBias}:
 * the ReLU's gradient reads the pooling only through step(p), and step(relu(p)) = step(p) for every float (both
 * are 1 exactly where p &gt; 0, NaN for NaN), so those readers move to the fused node and the pooling disappears.
 * Applies only where every reader of the pooling is such a ReLU or step.
 */
public final class FusePoolRelu implements Pass {
    @Override
    public String name() {
        return "fuse-pool-relu";
    }

    @Override
    public Graph run(Graph graph) {
        Map<Node, Integer> readers = Rewriter.readersAndRuntime(graph);
        Map<Node, Integer> reluReaders = new HashMap<>();
        Map<Node, Integer> reluOrStepReaders = new HashMap<>();
        for (Node n : graph.nodes()) {
            if (isUnary(n, Unary.Fn.RELU) || isUnary(n, Unary.Fn.STEP)) {
                reluOrStepReaders.merge(n.input(0), 1, Integer::sum);
                if (isUnary(n, Unary.Fn.RELU)) {
                    reluReaders.merge(n.input(0), 1, Integer::sum);
                }
            }
        }
        return Rewriter.rewrite(graph, (g, node, inputs) -> {
            if (node.op() instanceof Pool p && p.max() && reluReaders.containsKey(node)
                    && reluOrStepReaders.get(node).equals(readers.get(node))) {
                return g.node(new MaxPoolRelu(p.size(), p.stride()), inputs.get(0));
            }
            if (isUnary(node, Unary.Fn.RELU) && inputs.get(0).op() instanceof MaxPoolRelu) {
                return inputs.get(0);
            }
            return Rewriter.rebuild(g, node, inputs);
        });
    }

    private static boolean isUnary(Node n, Unary.Fn fn) {
        return n.op() instanceof Unary u && u.fn() == fn;
    }
}
