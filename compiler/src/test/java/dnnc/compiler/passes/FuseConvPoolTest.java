package dnnc.compiler.passes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dnnc.compiler.ir.Graph;
import dnnc.compiler.ir.GraphBuilder;
import dnnc.compiler.ir.Interpreter;
import dnnc.compiler.ir.Node;
import dnnc.compiler.ir.Shape;
import dnnc.compiler.ops.Conv2d;
import dnnc.compiler.ops.Conv2dBias;
import dnnc.compiler.ops.Leaf;
import dnnc.compiler.ops.MaxPoolRelu;
import dnnc.compiler.ops.Pool;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FuseConvPoolTest {
    private final GraphBuilder g = new GraphBuilder();
    private final Node x = g.leaf(Leaf.Kind.INPUT, "x", Shape.batchOf(2, 6, 7));
    private final Node w = g.leaf(Leaf.Kind.PARAM, "w", Shape.of(3, 2, 3, 3));
    private final Node b = g.leaf(Leaf.Kind.PARAM, "b", Shape.of(3, 1, 1));

    private Graph graph(Node... outputs) {
        List<Graph.Output> outs = new java.util.ArrayList<>();
        for (int i = 0; i < outputs.length; i++) {
            outs.add(new Graph.Output("o" + i, outputs[i]));
        }
        return new Graph(x, null, List.of(w, b), g.sumAll(outputs[0]), outs, List.of());
    }

    private Node convBias(int stride) {
        return g.node(new Conv2dBias(stride, 1), x, w, b);
    }

    @Test
    void aConvolutionWithItsBiasAndAPoolingWithItsReluBecomeOneNode() {
        assertEquals("""
                %0 = input x : [B, 2, 6, 7]
                %1 = param w : [3, 2, 3, 3]
                %2 = param b : [3, 1, 1]
                %3 = conv2d_maxpool_relu[pad 1, 2x2](%0, %1, %2) : [B, 3, 3, 3]
                return %3
                """, PassTesting.print(run(graph(g.node(new MaxPoolRelu(2, 2), convBias(1))))));
    }

    @Test
    void aConvolutionWithoutBiasAndAPoolingWithoutReluBecomeOneNode() {
        assertEquals("""
                %0 = input x : [B, 2, 6, 7]
                %1 = param w : [3, 2, 3, 3]
                %2 = conv2d_maxpool[pad 1, 2x2](%0, %1) : [B, 3, 3, 3]
                return %2
                """, PassTesting.print(run(graph(g.node(new Pool(true, 2, 2), g.node(new Conv2d(1, 1), x, w))))));
    }

    @Test
    void aConvolutionWithAnotherReaderStays() {
        Node conv = convBias(1);
        assertUnchanged(graph(g.node(new MaxPoolRelu(2, 2), conv), conv));
    }

    @Test
    void otherPoolingsAndStridesStay() {
        assertUnchanged(graph(g.node(new Pool(false, 2, 2), convBias(1))));   // average
        assertUnchanged(graph(g.node(new Pool(true, 3, 3), convBias(1))));
        assertUnchanged(graph(g.node(new Pool(true, 2, 1), convBias(1))));
        assertUnchanged(graph(g.node(new MaxPoolRelu(2, 2), convBias(2))));
    }

    @Test
    void valuesAreUnchanged() {
        for (Node out : new Node[] {g.node(new MaxPoolRelu(2, 2), convBias(1)),
                g.node(new Pool(true, 2, 2), g.node(new Conv2d(1, 1), x, w))}) {
            Graph before = graph(out);
            Graph after = run(before);
            Random random = new Random(5);
            Map<Node, double[]> leaves = Map.of(x, gaussian(random, 3 * 84), w, gaussian(random, 54),
                    b, gaussian(random, 3));
            assertArrayEquals(new Interpreter(leaves, 3).eval(before.outputs().get(0).node()),
                    new Interpreter(leaves, 3).eval(after.outputs().get(0).node()), 1e-12);
        }
    }

    private static Graph run(Graph graph) {
        return new FuseConvPool().run(graph);
    }

    private static void assertUnchanged(Graph before) {
        assertEquals(PassTesting.print(before), PassTesting.print(run(before)));
    }

    private static double[] gaussian(Random random, int size) {
        double[] v = new double[size];
        for (int i = 0; i < size; i++) {
            v[i] = random.nextGaussian();
        }
        return v;
    }
}
