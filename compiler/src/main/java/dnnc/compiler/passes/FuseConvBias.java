package dnnc.compiler.passes;

import dnnc.compiler.ir.Graph;
import dnnc.compiler.ir.Node;
import dnnc.compiler.ir.Shape;
import dnnc.compiler.ops.Binary;
import dnnc.compiler.ops.Conv2d;
import dnnc.compiler.ops.Conv2dBias;
import java.util.Map;

/**
 * A convolution plus a per-channel bias [O, 1, 1] becomes one {@link Conv2dBias} node, which adds the bias while
 * each example's result is in the cache: one write of the output instead of a write, a read and another write
 * (a first layer's output is megabytes per batch). The values are the same floats. Runs after differentiation,
 * like {@link FuseElementwise}: the gradients never read the convolution alone, so it disappears. Applies only
 * where the addition is the convolution's only reader.
 */
public final class FuseConvBias implements Pass {
    @Override
    public String name() {
        return "fuse-conv-bias";
    }

    @Override
    public Graph run(Graph graph) {
        Map<Node, Integer> readers = Rewriter.readersAndRuntime(graph);
        return Rewriter.rewrite(graph, (g, node, inputs) -> {
            if (node.op() instanceof Binary b && b.fn() == Binary.Fn.ADD) {
                for (int side = 0; side < 2; side++) {
                    Node conv = inputs.get(side), bias = inputs.get(1 - side);
                    if (conv.op() instanceof Conv2d c && isChannelBias(bias, conv.shape())
                            && readers.get(node.input(side)) == 1) {
                        return g.node(new Conv2dBias(c.stride(), c.pad()), conv.input(0), conv.input(1), bias);
                    }
                }
            }
            return Rewriter.rebuild(g, node, inputs);
        });
    }

    /** An unbatched [O, 1, 1] for a convolution output [B, O, OH, OW]. */
    private static boolean isChannelBias(Node bias, Shape conv) {
        Shape s = bias.shape();
        return !s.batched() && s.rank() == 3 && s.dim(0) == conv.dim(0) && s.dim(1) == 1 && s.dim(2) == 1;
    }
}
