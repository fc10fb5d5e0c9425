package dnnc.compiler.autodiff;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dnnc.compiler.Pipeline;
import dnnc.compiler.TestModels;
import dnnc.compiler.check.SourceFile;
import dnnc.compiler.ir.Graph;
import dnnc.compiler.ir.Interpreter;
import dnnc.compiler.ir.Node;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Whole models, composites included (dense, softmax, cross_entropy, mse, mean, l2, user functions, and the
 * example models that use every op of the language): the
 * derived gradient of every parameter, after all passes, against central finite differences of the loss in
 * double precision.
 */
class WholeModelGradientTest {
    private static final int BATCH = 4;

    @ParameterizedTest
    @ValueSource(strings = {
        """
        model Classifier {
            input x: float[5]
            target y: label[3]
            h = tanh(dense(x, 4))
            logits = dense(h, 3)
            output p = softmax(logits)
            loss = cross_entropy(logits, y) + 1e-2 * l2(params)
        }
        """,
        """
        model SmoothedLabels {
            input x: float[5]
            target y: label[4]
            logits = dense(tanh(dense(x, 3)), 4)
            output p = softmax(logits)
            loss = cross_entropy(logits, y, smoothing = 0.2)
        }
        """,
        """
        fn block(x, n) = sigmoid(dense(x, n, init = normal(0, 1)))
        model Regressor {
            input x: float[3]
            target t: float[2]
            param scale: float[2] = uniform(0.5, 1.5)
            out = dense(block(block(x, 4), 4), 2) * scale
            output o = out
            loss = mse(out, t) + mean(exp(-out)) / 10
        }
        """,
        """
        model Normalized {
            input x: float[2, 3, 3]
            target y: label[3]
            h = relu(batchnorm(conv2d(x, 2, 2)))
            logits = dense(batchnorm(flatten(h)), 3)
            output p = softmax(logits)
            loss = cross_entropy(logits, y)
        }
        """,
        """
        model Logistic {
            input x: float[4]
            target y: float[1]
            param W: float[4, 1] = normal(0, 0.3)
            param b: float[1] = constant(0.1)
            output p = sigmoid(x @ W + b)
            loss = mean(-(y * log(p) + (1 - y) * log(1 - p)))
        }
        """})
    void everyParameterGradientMatchesFiniteDifferences(String text) {
        check(TestModels.source(text));
    }

    /** The op tours: every activation, shape op, reduction and loss of the language, composites included. */
    @ParameterizedTest
    @ValueSource(strings = {"ops/activations.dnn", "ops/losses.dnn"})
    void everyOpOfTheLanguageHasTheRightGradient(String example) {
        check(TestModels.example(example));
    }

    private static void check(SourceFile file) {
        Graph graph = Pipeline.differentiate(TestModels.check(file));
        Random random = new Random(5);
        Map<Node, double[]> leaves = new HashMap<>();
        leaves.put(graph.input(), gaussian(random, graph.input().shape().size() * BATCH));
        double[] targets = new double[graph.target().shape().size() * BATCH];
        for (int i = 0; i < targets.length; i++) {
            targets[i] = graph.target().shape().rank() == 0 ? random.nextInt(3) : random.nextInt(2);
        }
        leaves.put(graph.target(), targets);
        for (Node p : graph.params()) {
            leaves.put(p, gaussian(random, p.shape().size()));
        }
        for (Node n : graph.nodes()) {   // batch normalization's flag: a training step
            if (n.op() instanceof dnnc.compiler.ops.Leaf l && l.is(dnnc.compiler.ops.Leaf.Kind.TRAINING)) {
                leaves.put(n, new double[] {1});
            }
        }
        for (int k = 0; k < graph.params().size(); k++) {
            Node p = graph.params().get(k);
            double[] derived = new Interpreter(leaves, BATCH).eval(graph.grads().get(k));
            double[] values = leaves.get(p);
            for (int i = 0; i < values.length; i++) {
                double saved = values[i];
                double h = 1e-6;
                values[i] = saved + h;
                double up = new Interpreter(leaves, BATCH).eval(graph.loss())[0];
                values[i] = saved - h;
                double down = new Interpreter(leaves, BATCH).eval(graph.loss())[0];
                values[i] = saved;
                double numeric = (up - down) / (2 * h);
                double error = Math.abs(numeric - derived[i]) / Math.max(1, Math.abs(numeric));
                assertTrue(error < 1e-6, p + "[" + i + "]: derived " + derived[i] + ", finite differences " + numeric);
            }
        }
    }

    private static double[] gaussian(Random random, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = random.nextGaussian() * 0.5;
        }
        return v;
    }
}
