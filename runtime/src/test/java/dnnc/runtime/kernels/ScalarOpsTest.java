package dnnc.runtime.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The branch-free element functions agree with their plain definitions on every kind of float. */
class ScalarOpsTest {
    private static final float[] EDGES = {0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL,
        -Float.MIN_NORMAL, 1e-30f, -1e-30f, 0.5f, -0.5f, 1f, -1f, 3.7f, -3.7f, 1e30f, -1e30f, Float.MAX_VALUE,
        -Float.MAX_VALUE, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};

    @Test
    void reluIsTheLargerOfXAndZero() {
        for (float x : EDGES) {
            assertEquals(x > 0 ? x : 0f, ScalarOps.relu(x), "relu(" + x + ")");
        }
    }

    @Test
    void stepIsOneExactlyForPositiveNumbers() {
        for (float x : EDGES) {
            assertEquals(x > 0 ? 1f : 0f, ScalarOps.step(x), "step(" + x + ")");
        }
    }

    @Test
    void signMatchesMathSignum() {
        for (float x : EDGES) {
            assertEquals(Math.signum(x), ScalarOps.sign(x), "sign(" + x + ")");
            assertEquals(Math.signum(x), ScalarMath.sign(x), "sign(" + x + ")");
        }
    }

    @Test
    void heavisideIsOneHalfAtZero() {
        for (float x : EDGES) {
            assertEquals(x > 0 ? 1f : x == 0 ? 0.5f : 0f, ScalarMath.heaviside(x), "heaviside(" + x + ")");
        }
    }

    @Test
    void notANumberPropagates() {
        assertEquals(Float.NaN, ScalarOps.relu(Float.NaN));
        assertEquals(Float.NaN, ScalarOps.step(Float.NaN));
        assertEquals(Float.NaN, ScalarOps.sign(Float.NaN));
    }
}
