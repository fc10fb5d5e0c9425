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
import dnnc.compiler.ops.Unary;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FuseDenseBiasTest {
    private final GraphBuilder g = new GraphBuilder();
    private final Node x = g.leaf(Leaf.Kind.INPUT, "x", Shape.batchOf(4));
    private final Node w = g.leaf(Leaf.Kind.PARAM, "w", Shape.of(4, 3));
    private final Node b = g.leaf(Leaf.Kind.PARAM, "b", Shape.of(3));

    private Graph graph(Node... outputs) {
        return PassTesting.squaredLossGraph(g, x, List.of(w, b), outputs);
    }

    private Node product() {
        return g.matmul(x, w, false, false);
    }

    @Test
    void theBiasIsAddedByTheProduct() {
        assertEquals("""
                %0 = input x : [B, 4]
                %1 = param w : [4, 3]
                %2 = param b : [3]
                %3 = matmul_bias(%0, %1, %2) : [B, 3]
                return %3
                """, PassTesting.print(new FuseDenseBias().run(graph(g.add(product(), b)))));
    }

    @Test
    void theReluOfTheSumIsTakenByTheProductToo() {
        assertEquals("""
                %0 = input x : [B, 4]
                %1 = param w : [4, 3]
                %2 = param b : [3]
                %3 = matmul_bias_relu(%0, %1, %2) : [B, 3]
                return %3
                """, PassTesting.print(new FuseDenseBias().run(graph(g.unary(Unary.Fn.RELU, g.add(b, product()))))));
    }

    @Test
    void aSumWithAnotherReaderKeepsItsRelu() {
        Node sum = g.add(product(), b);
        String after = PassTesting.print(new FuseDenseBias().run(graph(g.unary(Unary.Fn.RELU, sum), sum)));
        assertEquals(true, after.contains("matmul_bias(") && after.contains("relu("), after);
    }

    @Test
    void aProductWithAnotherReaderStays() {
        Node product = product();
        Graph before = graph(g.add(product, b), product);
        assertEquals(PassTesting.print(before), PassTesting.print(new FuseDenseBias().run(before)));
    }

    @Test
    void anAdditionOfAnythingButARowOfBiasesStays() {
        Graph before = graph(g.add(product(), g.leaf(Leaf.Kind.INPUT, "v", Shape.batchOf(3))));
        assertEquals(PassTesting.print(before), PassTesting.print(new FuseDenseBias().run(before)));
    }

    @Test
    void valuesAndGradientsAreUnchanged() {
        Graph before = Autodiff.differentiate(graph(g.unary(Unary.Fn.RELU, g.add(product(), b))), new GraphBuilder());
        Graph after = new FuseDenseBias().run(before);
        Random random = new Random(4);
        Map<Node, double[]> leaves = Map.of(x, PassTesting.gaussian(random, 3 * 4), w, PassTesting.gaussian(random, 12),
                b, PassTesting.gaussian(random, 3));
        Interpreter reference = new Interpreter(leaves, 3);
        Interpreter fused = new Interpreter(leaves, 3);
        assertArrayEquals(reference.eval(before.outputs().get(0).node()), fused.eval(after.outputs().get(0).node()),
                1e-12);
        for (int i = 0; i < before.grads().size(); i++) {
            assertArrayEquals(reference.eval(before.grads().get(i)), fused.eval(after.grads().get(i)), 1e-12);
        }
    }
}
