package dnnc.compiler.passes;

import dnnc.compiler.ir.Graph;
import dnnc.compiler.ir.GraphBuilder;
import dnnc.compiler.ir.Node;
import dnnc.compiler.ops.Binary;
import dnnc.compiler.ops.Broadcast;
import dnnc.compiler.ops.Leaf;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The graph that evaluating and predicting run: the loss and the outputs only (no gradients, no state
 * updates), with the training flag replaced by 0 and every dropout mask by 1, so that the passes that follow
 * remove what only training needs (batch statistics, mask multiplications). Every computed node is copied, so
 * that the result shares only leaves with the training graph and its values can get buffers of their own.
 */
public final class SpecializeInference implements Pass {
    @Override
    public String name() {
        return "specialize-inference";
    }

    /** Whether the graph behaves differently when training: it has a training flag or a dropout mask. */
    public static boolean applies(Graph graph) {
        return graph.nodes().stream().anyMatch(n -> n.op() instanceof Leaf l
                && (l.is(Leaf.Kind.TRAINING) || l.is(Leaf.Kind.NOISE)));
    }

    @Override
    public Graph run(Graph graph) {
        Graph forward = new Graph(graph.input(), graph.target(), graph.params(), graph.loss(), graph.outputs(),
                List.of());
        return Rewriter.rewrite(forward, (g, node, inputs) -> {
            if (node.op() instanceof Leaf l) {
                return l.is(Leaf.Kind.TRAINING) ? g.constant(0) : l.is(Leaf.Kind.NOISE) ? g.constant(1) : node;
            }
            // What training computes is blended in as flag * value (see NormBuiltins): 0 here, whatever the
            // value, so that it is not computed at all (0 * x is not 0 for every x, so no later pass may drop it).
            if (isMul(node) && node.inputs().stream().anyMatch(SpecializeInference::isTrainingFlag)) {
                return node.shape().rank() == 0 && !node.shape().batched() ? g.constant(0) : g.zeros(node.shape());
            }
            if (node.op() instanceof Binary b && b.fn() == Binary.Fn.ADD) {
                for (int i = 0; i < 2; i++) {
                    if (isZero(inputs.get(i)) && inputs.get(1 - i).shape().equals(node.shape())) {
                        return inputs.get(1 - i);
                    }
                }
            }
            return g.node(node.op(), inputs.toArray(Node[]::new));
        });
    }

    private static boolean isMul(Node n) {
        return n.op() instanceof Binary b && b.fn() == Binary.Fn.MUL;
    }

    private static boolean isTrainingFlag(Node n) {
        return n.op() instanceof Leaf l && l.is(Leaf.Kind.TRAINING);
    }

    private static boolean isZero(Node n) {
        if (n.op() instanceof Broadcast) {
            return isZero(n.input(0));
        }
        return GraphBuilder.isConstant(n) && GraphBuilder.constantValue(n) == 0;
    }

    /** Pairs each root of the inference graph (loss, then outputs) with the training graph's, in that order. */
    public static List<Map.Entry<Node, Node>> rootsOf(Graph inference, Graph training) {
        List<Map.Entry<Node, Node>> pairs = new ArrayList<>();
        pairs.add(Map.entry(inference.loss(), training.loss()));
        for (int i = 0; i < inference.outputs().size(); i++) {
            pairs.add(Map.entry(inference.outputs().get(i).node(), training.outputs().get(i).node()));
        }
        return pairs;
    }
}
