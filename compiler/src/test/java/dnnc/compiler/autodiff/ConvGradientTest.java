package dnnc.compiler.autodiff;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dnnc.compiler.ir.GraphBuilder;
import dnnc.compiler.ir.Interpreter;
import dnnc.compiler.ir.Node;
import dnnc.compiler.ir.Shape;
import dnnc.compiler.ops.Conv2d;
import dnnc.compiler.ops.Leaf;
import dnnc.compiler.ops.Pool;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The convolution and pooling gradient rules against central finite differences: both the filter gradient
 * and the input gradient (the input is scaled by a parameter, so its gradient flows into that parameter).
 */
class ConvGradientTest {
    private static final int BATCH = 2;

    @ParameterizedTest(name = "conv2d kernel {0} stride {1} pad {2}, then {3}")
    @CsvSource({"3, 1, 1, none", "3, 2, 0, none", "2, 1, 0, maxpool", "3, 1, 1, maxpool", "1, 1, 0, avgpool",
        "3, 1, 2, maxpool-overlapping"})
    void convolutionAndPoolingGradientsMatchFiniteDifferences(int kernel, int stride, int pad, String pool) {
        GraphBuilder g = new GraphBuilder();
        Node x = g.leaf(Leaf.Kind.INPUT, "x", Shape.batchOf(2, 6, 5));
        Node scale = g.leaf(Leaf.Kind.PARAM, "scale", Shape.of(2, 6, 5));
        Node w = g.leaf(Leaf.Kind.PARAM, "w", Shape.of(3, 2, kernel, kernel));
        Node y = g.node(new Conv2d(stride, pad), g.mul(x, scale), w);
        if (pool.startsWith("maxpool")) {
            y = g.node(pool.endsWith("overlapping") ? new Pool(true, 2, 1) : new Pool(true, 2, 2), y);
        } else if (pool.equals("avgpool")) {
            y = g.node(new Pool(false, 2, 2), y);
        }
        Node r = g.leaf(Leaf.Kind.TARGET, "r", y.shape());
        Node loss = g.sumAll(g.mul(y, r));

        Random random = new Random(11);
        Map<Node, double[]> leaves = new HashMap<>();
        leaves.put(x, random(random, BATCH * 60));
        leaves.put(scale, random(random, 60));
        leaves.put(w, random(random, w.shape().size()));
        leaves.put(r, random(random, BATCH * y.shape().size()));
        Map<Node, Node> grads = Autodiff.gradients(g, loss, List.of(scale, w));
        for (Node p : List.of(scale, w)) {
            double[] derived = new Interpreter(leaves, BATCH).eval(grads.get(p));
            double[] values = leaves.get(p);
            for (int i = 0; i < values.length; i++) {
                double saved = values[i];
                values[i] = saved + 1e-6;
                double up = new Interpreter(leaves, BATCH).eval(loss)[0];
                values[i] = saved - 1e-6;
                double down = new Interpreter(leaves, BATCH).eval(loss)[0];
                values[i] = saved;
                double numeric = (up - down) / 2e-6;
                assertTrue(Math.abs(numeric - derived[i]) / Math.max(1, Math.abs(numeric)) < 1e-6,
                        p + "[" + i + "]: derived " + derived[i] + ", finite differences " + numeric);
            }
        }
    }

    private static double[] random(Random random, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = random.nextDouble() * 2 - 1;
        }
        return v;
    }
}
