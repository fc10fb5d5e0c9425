package dnnc.compiler.passes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

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

class FuseReluGradientTest {
    private final GraphBuilder g = new GraphBuilder();
    private final Node x = g.leaf(Leaf.Kind.INPUT, "x", Shape.batchOf(4));
    private final Node w = g.leaf(Leaf.Kind.PARAM, "w", Shape.of(3, 4));
    private final Node h = g.leaf(Leaf.Kind.INPUT, "h", Shape.batchOf(3));

    private Graph graph(Node... outputs) {
        List<Graph.Output> outs = new java.util.ArrayList<>();
        for (int i = 0; i < outputs.length; i++) {
            outs.add(new Graph.Output("o" + i, outputs[i]));
        }
        return new Graph(x, null, List.of(w), g.sumAll(outputs[0]), outs, List.of());
    }

    /** What a ReLU's gradient rule builds below a dense layer: the gradient brought back through W, times step(h). */
    private Node gradient(Node product) {
        return g.mul(product, g.unary(Unary.Fn.STEP, h));
    }

    @Test
    void theProductTakesTheStepOfTheReluOutput() {
        assertEquals("""
                %0 = input x : [B, 4]
                %1 = param w : [3, 4]
                %2 = input h : [B, 3]
                %3 = matmul_relu_grad_tB(%0, %1, %2) : [B, 3]
                return %3
                """, PassTesting.print(new FuseReluGradient().run(graph(gradient(g.matmul(x, w, false, true))))));
    }

    @Test
    void aProductWithAnotherReaderStays() {
        Node product = g.matmul(x, w, false, true);
        Graph before = graph(gradient(product), product);
        assertEquals(PassTesting.print(before), PassTesting.print(new FuseReluGradient().run(before)));
    }

    @Test
    void aMultiplicationByAnythingButAStepStays() {
        Graph before = graph(g.mul(g.matmul(x, w, false, true), h));
        assertEquals(PassTesting.print(before), PassTesting.print(new FuseReluGradient().run(before)));
    }

    @Test
    void valuesAreUnchanged() {
        Graph before = graph(gradient(g.matmul(x, w, false, true)));
        Graph after = new FuseReluGradient().run(before);
        Random random = new Random(5);
        double[] hv = PassTesting.gaussian(random, 3 * 3);
        hv[0] = 0;
        Map<Node, double[]> leaves = Map.of(x, PassTesting.gaussian(random, 3 * 4), w, PassTesting.gaussian(random, 12),
                h, hv);
        assertArrayEquals(new Interpreter(leaves, 3).eval(before.outputs().get(0).node()),
                new Interpreter(leaves, 3).eval(after.outputs().get(0).node()), 1e-12);
    }
}
