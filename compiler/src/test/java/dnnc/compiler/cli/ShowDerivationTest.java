package dnnc.compiler.cli;

import static dnnc.compiler.cli.DnncCommandTest.dnnc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dnnc.compiler.cli.DnncCommandTest.Result;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** dnnc grad, graph and gradcheck: the derivation shown, and proven against finite differences. */
class ShowDerivationTest {

    @Test
    void gradPrintsEveryParametersGradientInTheLanguagesNotation() {
        Result r = dnnc("grad", "examples/logistic.dnn");
        assertEquals(0, r.exit(), r.err());
        assertEquals("""
                t1 = -(1 / batch_size)
                p = sigmoid(x @ W + b)
                t2 = 1 - p
                t3 = (-(t1 * (1 - y) / t2) + t1 * y / p) * (p * t2)
                d(W) = transpose(x) @ t3
                d(b) = sum(t3, axis = batch)
                """, r.out());
    }

    @ParameterizedTest
    @ValueSource(strings = {"examples/xor.dnn", "examples/fashion_mlp.dnn", "examples/ops/activations.dnn",
        "examples/ops/losses.dnn"})
    void gradIsPrintedSimplified(String file) {
        Result r = dnnc("grad", file);
        assertEquals(0, r.exit(), r.err());
        for (String noise : new String[] {"* 1)", "* 1\n", " 1 * ", "(0 + ", " + 0\n", "--", "transpose(transpose("}) {
            assertFalse(r.out().contains(noise), file + " prints `" + noise + "`:\n" + r.out());
        }
        assertTrue(r.out().contains("d("), r.out());
    }

    @Test
    void graphWritesDotWithTheGradientsOnRequest() {
        Result forward = dnnc("graph", "examples/xor.dnn");
        Result withGrads = dnnc("graph", "examples/xor.dnn", "--grad");
        assertEquals(0, forward.exit(), forward.err());
        assertTrue(forward.out().startsWith("digraph \"Xor\" {"), forward.out());
        assertTrue(forward.out().contains("loss"));
        assertFalse(forward.out().contains("d(dense1.W)"));
        assertTrue(withGrads.out().contains("d(dense1.W)"), withGrads.out());
        assertTrue(withGrads.out().trim().endsWith("}"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"examples/iris.dnn", "examples/ops/activations.dnn", "examples/ops/losses.dnn"})
    void gradcheckPassesOnEveryExample(String file) {
        Result r = dnnc("gradcheck", file, "--seed", "7");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("ok: every gradient within"), r.out());
    }

    @Test
    void gradcheckFailsAboveTheTolerance() {
        Result r = dnnc("gradcheck", "examples/logistic.dnn", "--tolerance", "0");
        assertEquals(1, r.exit(), r.out());
        assertTrue(r.out().contains("ABOVE TOLERANCE"), r.out());
    }
}
