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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FuseSumOfSquaresTest {
    private final GraphBuilder g = new GraphBuilder();
    private final Node x = g.leaf(Leaf.Kind.INPUT, "x", Shape.batchOf(3));
    private final Node w = g.leaf(Leaf.Kind.PARAM, "w", Shape.of(2, 3));

    private final Node squares = g.mul(w, w);

    /** A loss of x * w summed plus the sum of w's squares, the form an L2 penalty takes. */
    private Graph penalized(Node... more) {
        Node loss = g.add(g.sumAll(g.mul(x, g.sumAll(w))), g.sumAll(squares));
        List<Graph.Output> outs = new java.util.ArrayList<>(List.of(new Graph.Output("loss", loss)));
        for (int i = 0; i < more.length; i++) {
            outs.add(new Graph.Output("o" + i, more[i]));
        }
        return new Graph(x, null, List.of(w), loss, outs, List.of());
    }

    @Test
    void theSquaresAreSummedInOnePass() {
        String after = PassTesting.print(new FuseSumOfSquares().run(penalized()));
        assertEquals(true, after.contains("sum_of_squares(%1)"), after);
        assertEquals(false, after.contains("mul(%1, %1)"), after);
    }

    @Test
    void aProductWithAnotherReaderStays() {
        Graph before = penalized(squares);
        assertEquals(PassTesting.print(before), PassTesting.print(new FuseSumOfSquares().run(before)));
    }

    @Test
    void aSumOverSomeAxesStays() {
        Node partial = g.reduceSum(g.mul(w, w), 1, 2, false);
        Graph before = new Graph(x, null, List.of(w), g.sumAll(partial), List.of(new Graph.Output("o", partial)),
                List.of());
        assertEquals(PassTesting.print(before), PassTesting.print(new FuseSumOfSquares().run(before)));
    }

    @Test
    void aProductOfTwoTensorsStays() {
        Node v = g.leaf(Leaf.Kind.PARAM, "v", Shape.of(2, 3));
        Node dot = g.sumAll(g.mul(w, v));
        Graph before = new Graph(x, null, List.of(w, v), dot, List.of(new Graph.Output("o", dot)), List.of());
        assertEquals(PassTesting.print(before), PassTesting.print(new FuseSumOfSquares().run(before)));
    }

    @Test
    void theLossAndGradientsAreUnchanged() {
        Graph before = Autodiff.differentiate(penalized(), new GraphBuilder());
        Graph after = new FuseSumOfSquares().run(before);
        Map<Node, double[]> leaves = Map.of(x, new double[] {1, -2, 0.5, 3, 1, -1}, w,
                new double[] {0.25, -1.5, 2, 0, -0.75, 1});
        Interpreter reference = new Interpreter(leaves, 2);
        Interpreter fused = new Interpreter(leaves, 2);
        assertArrayEquals(reference.eval(before.loss()), fused.eval(after.loss()), 1e-12);
        assertArrayEquals(reference.eval(before.grads().get(0)), fused.eval(after.grads().get(0)), 1e-12);
    }
}
