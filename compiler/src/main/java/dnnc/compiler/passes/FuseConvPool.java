package dnnc.compiler.passes;

import dnnc.compiler.ir.Graph;
import dnnc.compiler.ir.Node;
import dnnc.compiler.ops.Conv2d;
import dnnc.compiler.ops.Conv2dBias;
import dnnc.compiler.ops.Conv2dPool;
import dnnc.compiler.ops.MaxPoolRelu;
import dnnc.compiler.ops.Pool;
import java.util.Map;

/**
 * A stride-1 convolution (with or without its bias) pooled by 2x2 max pooling with stride 2 (with or without the
 * ReLU after it) becomes one {@link Conv2dPool} node, which pools each example's convolution while it is in the
 * cache: its output is never written. For the graph that evaluating and predicting run, after the other fusions:
 * in training the gradients read the convolution's output, and nothing pools it there. Applies only where the
 * pooling is the convolution's only reader.
 */
public final class FuseConvPool implements Pass {
    @Override
    public String name() {
        return "fuse-conv-pool";
    }

    @Override
    public Graph run(Graph graph) {
        Map<Node, Integer> readers = Rewriter.readersAndRuntime(graph);
        return Rewriter.rewrite(graph, (g, node, inputs) -> {
            if (poolsTwoByTwo(node) && readers.get(node.input(0)) == 1 && padOfUnitStride(inputs.get(0)) >= 0) {
                Node conv = inputs.get(0);
                return g.node(new Conv2dPool(padOfUnitStride(conv), node.op() instanceof MaxPoolRelu),
                        conv.inputs().toArray(Node[]::new));
            }
            return Rewriter.rebuild(g, node, inputs);
        });
    }

    /** 2x2 max pooling with stride 2, with its ReLU or without. */
    private static boolean poolsTwoByTwo(Node n) {
        if (n.op() instanceof MaxPoolRelu p) {
            return p.size() == 2 && p.stride() == 2;
        }
        return n.op() instanceof Pool p && p.max() && p.size() == 2 && p.stride() == 2;
    }

    /** The padding of a stride-1 convolution (with its bias or without); -1 for anything else. */
    private static int padOfUnitStride(Node n) {
        if (n.op() instanceof Conv2d c && c.stride() == 1) {
            return c.pad();
        }
        if (n.op() instanceof Conv2dBias c && c.stride() == 1) {
            return c.pad();
        }
        return -1;
    }
}
