package dnnc.compiler.passes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dnnc.compiler.autodiff.Autodiff;
import dnnc.compiler.ir.Graph;
import dnnc.compiler.ir.GraphBuilder;
import dnnc.compiler.ir.Interpreter;
import dnnc.compiler.ir.Node;
import dnnc.compiler.ir.Shape;
import dnnc.compiler.ops.Leaf;
import dnnc.compiler.ops.Pool;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PoolBeforeReluTest {
    private final GraphBuilder g = new GraphBuilder();
    private final Node x = g.leaf(Leaf.Kind.INPUT, "x", Shape.batchOf(2, 4, 6));
    private final Node w = g.leaf(Leaf.Kind.PARAM, "w", Shape.of(2, 4, 6));

    private Graph graph(Node... outputs) {
        return PassTesting.squaredLossGraph(g, x, List.of(w), outputs);
    }

    private Node maxpool(Node in) {
        return g.node(new Pool(true, 2, 2), in);
    }

    @Test
    void theReluMovesAfterThePooling() {
        Node pooled = maxpool(g.unary(dnnc.compiler.ops.Unary.Fn.RELU, g.mul(x, w)));
        assertEquals("""
                %0 = input x : [B, 2, 4, 6]
                %1 = param w : [2, 4, 6]
                %2 = mul(%0, %1) : [B, 2, 4, 6]
                %3 = maxpool[2, stride 2](%2) : [B, 2, 2, 3]
                %4 = relu(%3) : [B, 2, 2, 3]
                return %4
                """, PassTesting.print(new PoolBeforeRelu().run(graph(pooled))));
    }

    @Test
    void aReluWithAnotherReaderStays() {
        Node relu = g.unary(dnnc.compiler.ops.Unary.Fn.RELU, g.mul(x, w));
        Graph before = graph(maxpool(relu), relu);
        assertEquals(PassTesting.print(before), PassTesting.print(new PoolBeforeRelu().run(before)));
    }

    @Test
    void valuesAndGradientsAreUnchanged() {
        Node pooled = maxpool(g.unary(dnnc.compiler.ops.Unary.Fn.RELU, g.mul(x, w)));
        Graph before = Autodiff.differentiate(graph(pooled), new GraphBuilder());
        Graph after = Autodiff.differentiate(new PoolBeforeRelu().run(graph(pooled)), new GraphBuilder());
        Random random = new Random(2);
        double[] xs = new double[3 * 48], ws = new double[48];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = random.nextInt(5) - 2;   // small integers: ties and zeros in the windows
        }
        for (int i = 0; i < ws.length; i++) {
            ws[i] = random.nextGaussian();
        }
        Map<Node, double[]> leaves = Map.of(x, xs, w, ws);
        Interpreter reference = new Interpreter(leaves, 3);
        Interpreter rewritten = new Interpreter(leaves, 3);
        assertArrayEquals(reference.eval(before.outputs().get(0).node()), rewritten.eval(after.outputs().get(0).node()));
        assertArrayEquals(reference.eval(before.grads().get(0)), rewritten.eval(after.grads().get(0)), 1e-12);
    }
}
