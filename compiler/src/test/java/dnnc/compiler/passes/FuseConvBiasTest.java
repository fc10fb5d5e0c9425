package dnnc.compiler.passes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dnnc.compiler.autodiff.Autodiff;
import dnnc.compiler.ir.Graph;
import dnnc.compiler.ir.GraphBuilder;
import dnnc.compiler.ir.Interpreter;
import dnnc.compiler.ir.Node;
import dnnc.compiler.ir.Shape;
import dnnc.compiler.ops.Conv2d;
import dnnc.compiler.ops.Leaf;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FuseConvBiasTest {
    private final GraphBuilder g = new GraphBuilder();
    private final Node x = g.leaf(Leaf.Kind.INPUT, "x", Shape.batchOf(2, 5, 5));
    private final Node w = g.leaf(Leaf.Kind.PARAM, "w", Shape.of(3, 2, 3, 3));
    private final Node b = g.leaf(Leaf.Kind.PARAM, "b", Shape.of(3));

    private Graph graph(Node... outputs) {
        List<Graph.Output> outs = new java.util.ArrayList<>();
        for (int i = 0; i < outputs.length; i++) {
            outs.add(new Graph.Output("o" + i, outputs[i]));
        }
        Node loss = g.sumAll(g.mul(outputs[0], outputs[0]));
        return new Graph(x, null, List.of(w, b), loss, outs, List.of());
    }

    private Node conv() {
        return g.node(new Conv2d(1, 1), x, w);
    }

    private Node channelBias() {
        return g.reshape(b, Shape.of(3, 1, 1));
    }

    @Test
    void theBiasIsAddedByTheConvolution() {
        assertEquals("""
                %0 = input x : [B, 2, 5, 5]
                %1 = param w : [3, 2, 3, 3]
                %2 = param b : [3]
                %3 = reshape[3, 1, 1](%2) : [3, 1, 1]
                %4 = conv2d_bias[stride 1, pad 1](%0, %1, %3) : [B, 3, 5, 5]
                return %4
                """, PassTesting.print(new FuseConvBias().run(graph(g.add(conv(), channelBias())))));
    }

    @Test
    void aConvolutionWithAnotherReaderStays() {
        Node conv = conv();
        Graph before = graph(g.add(conv, channelBias()), conv);
        assertEquals(PassTesting.print(before), PassTesting.print(new FuseConvBias().run(before)));
    }

    @Test
    void anAdditionOfAnythingButAChannelBiasStays() {
        Graph before = graph(g.add(conv(), g.leaf(Leaf.Kind.PARAM, "v", Shape.of(3, 5, 5))));
        assertEquals(PassTesting.print(before), PassTesting.print(new FuseConvBias().run(before)));
    }

    @Test
    void valuesAndGradientsAreUnchanged() {
        Graph before = Autodiff.differentiate(graph(g.add(channelBias(), conv())), new GraphBuilder());
        Graph after = new FuseConvBias().run(before);
        Random random = new Random(4);
        Map<Node, double[]> leaves = Map.of(x, gaussian(random, 3 * 50), w, gaussian(random, 54),
                b, gaussian(random, 3));
        Interpreter reference = new Interpreter(leaves, 3);
        Interpreter fused = new Interpreter(leaves, 3);
        assertArrayEquals(reference.eval(before.outputs().get(0).node()), fused.eval(after.outputs().get(0).node()),
                1e-12);
        for (int i = 0; i < before.grads().size(); i++) {
            assertArrayEquals(reference.eval(before.grads().get(i)), fused.eval(after.grads().get(i)), 1e-12);
        }
    }

    private static double[] gaussian(Random random, int size) {
        double[] v = new double[size];
        for (int i = 0; i < size; i++) {
            v[i] = random.nextGaussian();
        }
        return v;
    }
}
