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
import dnnc.compiler.ops.Unary;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FusePoolReluTest {
    private final GraphBuilder g = new GraphBuilder();
    private final Node x = g.leaf(Leaf.Kind.INPUT, "x", Shape.batchOf(2, 4, 6));
    private final Node w = g.leaf(Leaf.Kind.PARAM, "w", Shape.of(2, 4, 6));

    private Graph graph(Node... outputs) {
        return PassTesting.squaredLossGraph(g, x, List.of(w), outputs);
    }

    private Node pool(boolean max, Node in) {
        return g.node(new Pool(max, 2, 2), in);
    }

    private Node relu(Node in) {
        return g.unary(Unary.Fn.RELU, in);
    }

    @Test
    void theReluIsAppliedByThePooling() {
        assertEquals("""
                %0 = input x : [B, 2, 4, 6]
                %1 = param w : [2, 4, 6]
                %2 = mul(%0, %1) : [B, 2, 4, 6]
                %3 = maxpool_relu[2, stride 2](%2) : [B, 2, 2, 3]
                return %3
                """, PassTesting.print(new FusePoolRelu().run(graph(relu(pool(true, g.mul(x, w)))))));
    }

    @Test
    void theGradientsStepReadsTheFusedNode() {
        Graph before = Autodiff.differentiate(graph(relu(pool(true, g.mul(x, w)))), new GraphBuilder());
        String after = dnnc.compiler.ir.Printer.print(new FusePoolRelu().run(before).grads());
        assertEquals(false, after.contains("= maxpool["), after);
        assertEquals(true, after.matches("(?s).*(%\\d+) = maxpool_relu.*step\\(\\1\\).*"), after);
    }

    @Test
    void aPoolingWithAnotherReaderStays() {
        Node pooled = pool(true, g.mul(x, w));
        Graph before = graph(relu(pooled), pooled);
        assertEquals(PassTesting.print(before), PassTesting.print(new FusePoolRelu().run(before)));
    }

    @Test
    void averagePoolingStays() {
        Graph before = graph(relu(pool(false, g.mul(x, w))));
        assertEquals(PassTesting.print(before), PassTesting.print(new FusePoolRelu().run(before)));
    }

    @Test
    void valuesAndGradientsAreUnchanged() {
        Graph before = Autodiff.differentiate(graph(relu(pool(true, g.mul(x, w)))), new GraphBuilder());
        Graph after = new FusePoolRelu().run(before);
        Random random = new Random(3);
        double[] xs = new double[3 * 48], ws = new double[48];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = random.nextInt(5) - 3;   // small integers: ties, zeros and all-negative windows
        }
        for (int i = 0; i < ws.length; i++) {
            ws[i] = random.nextGaussian();
        }
        Map<Node, double[]> leaves = Map.of(x, xs, w, ws);
        Interpreter reference = new Interpreter(leaves, 3);
        Interpreter fused = new Interpreter(leaves, 3);
        assertArrayEquals(reference.eval(before.outputs().get(0).node()), fused.eval(after.outputs().get(0).node()));
        assertArrayEquals(reference.eval(before.grads().get(0)), fused.eval(after.grads().get(0)));
    }
}
