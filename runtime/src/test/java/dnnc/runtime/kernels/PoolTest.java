package dnnc.runtime.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The 2x2 max-pooling gradient against a plain reference: the whole gradient goes to the first largest. */
class PoolTest {
    @Test
    void gradientGoesToTheFirstLargestOfEachWindow() {
        Random random = new Random(7);
        float[] x = new float[2 * 3 * 6 * 8];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextInt(5) - 2;   // small integers: many ties
        }
        assertMatchesReference(x, 2, 3, 6, 8);
    }

    @Test
    void infiniteAndOddSizedInputsFollowTheSameRule() {
        float[] x = new float[1 * 1 * 5 * 5];
        Random random = new Random(3);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        x[0] = Float.POSITIVE_INFINITY;
        x[1] = Float.POSITIVE_INFINITY;
        x[2] = x[3] = x[7] = x[8] = Float.NEGATIVE_INFINITY;
        assertMatchesReference(x, 1, 1, 5, 5);
    }

    private static void assertMatchesReference(float[] x, int n, int c, int h, int w) {
        int oh = h / 2, ow = w / 2;
        float[] g = new float[n * c * oh * ow];
        for (int i = 0; i < g.length; i++) {
            g[i] = i + 1;
        }
        float[] dx = new float[x.length];
        java.util.Arrays.fill(dx, 99f);   // every element must be written
        Pool.maxBackward(x, g, dx, n, c, h, w, 2, 2);
        assertArrayEquals(reference(x, g, n * c, h, w), dx);
    }

    private static float[] reference(float[] x, float[] g, int planes, int h, int w) {
        float[] dx = new float[x.length];
        int oh = h / 2, ow = w / 2;
        for (int p = 0; p < planes; p++) {
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    int best = -1;
                    for (int dy = 0; dy < 2; dy++) {
                        for (int dxx = 0; dxx < 2; dxx++) {
                            int i = (p * h + 2 * oy + dy) * w + 2 * ox + dxx;
                            if (best < 0 || x[i] > x[best]) {
                                best = i;
                            }
                        }
                    }
                    dx[best] = g[(p * oh + oy) * ow + ox];
                }
            }
        }
        return dx;
    }
}
