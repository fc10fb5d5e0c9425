package dnnc.runtime.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * 2x2 max pooling against plain references: the largest of each window forward (whatever the row width, which
 * decides between whole vectors, overlapping vectors and the scalar loop), the whole gradient to the first
 * largest backward; with the ReLU, the ReLU of the forward values. Each on the SIMD path (where the Vector API is
 * there) and on the scalar path.
 */
class PoolTest {
    @AfterEach
    void restorePath() {
        Pool.simd = Gemm.SIMD;
    }

    private static void usePath(boolean simd) {
        Assumptions.assumeTrue(!simd || Gemm.SIMD, "the Vector API is not there");
        Pool.simd = simd;
    }

    @ParameterizedTest(name = "simd={0}")
    @ValueSource(booleans = {true, false})
    void forwardTakesTheLargestOfEachWindowForEveryRowWidth(boolean simd) {
        usePath(simd);
        Random random = new Random(11);
        for (int w = 2; w <= 41; w++) {
            for (int h : new int[] {2, 3, 7}) {
                float[] x = new float[2 * 3 * h * w];
                for (int i = 0; i < x.length; i++) {
                    x[i] = random.nextInt(9) - 4 + (random.nextBoolean() ? 0f : -0f);
                }
                assertForwardMatchesReference(x, 2, 3, h, w);
            }
        }
    }

    @ParameterizedTest(name = "simd={0}")
    @ValueSource(booleans = {true, false})
    void forwardKeepsNaNAndInfinities(boolean simd) {
        usePath(simd);
        float[] x = new float[1 * 2 * 4 * 32];
        for (int i = 0; i < x.length; i++) {
            x[i] = i % 7 - 3;
        }
        x[5] = Float.NaN;
        x[70] = Float.POSITIVE_INFINITY;
        x[131] = Float.NEGATIVE_INFINITY;
        assertForwardMatchesReference(x, 1, 2, 4, 32);
    }

    @ParameterizedTest(name = "simd={0}")
    @ValueSource(booleans = {true, false})
    void withReluEachOutputIsTheReluOfTheLargestForEveryRowWidth(boolean simd) {
        usePath(simd);
        Random random = new Random(12);
        for (int w = 2; w <= 41; w++) {
            for (int h : new int[] {2, 3, 7}) {
                float[] x = new float[2 * 3 * h * w];
                for (int i = 0; i < x.length; i++) {
                    x[i] = random.nextInt(9) - 6 + (random.nextBoolean() ? 0f : -0f);
                }
                x[random.nextInt(x.length)] = Float.NaN;
                assertReluOfForward(x, 2, 3, h, w, 2, 2);
            }
        }
    }

    @ParameterizedTest(name = "simd={0}")
    @ValueSource(booleans = {true, false})
    void withReluOtherWindowsAreTheReluOfTheLargest(boolean simd) {
        usePath(simd);
        float[] x = Conv2dTest.random(2 * 3 * 9 * 11, 13);
        assertReluOfForward(x, 2, 3, 9, 11, 3, 1);
        assertReluOfForward(x, 2, 3, 9, 11, 3, 2);
    }

    /** maxReluForward against ScalarOps.relu of maxForward, bit for bit (-0 becomes 0, NaN stays NaN). */
    private static void assertReluOfForward(float[] x, int n, int c, int h, int w, int size, int stride) {
        int length = n * c * Pool.outSize(h, size, stride) * Pool.outSize(w, size, stride);
        float[] expected = new float[length], out = new float[length];
        Pool.maxForward(x, expected, n, c, h, w, size, stride);
        for (int i = 0; i < length; i++) {
            expected[i] = ScalarOps.relu(expected[i]);
        }
        Pool.maxReluForward(x, out, n, c, h, w, size, stride);
        assertArrayEquals(expected, out, "h=" + h + " w=" + w + " size=" + size + " stride=" + stride);
    }

    @ParameterizedTest(name = "simd={0}")
    @ValueSource(booleans = {true, false})
    void gradientGoesToTheFirstLargestOfEachWindow(boolean simd) {
        usePath(simd);
        Random random = new Random(7);
        float[] x = new float[2 * 3 * 6 * 8];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextInt(5) - 2;   // small integers: many ties
        }
        assertMatchesReference(x, 2, 3, 6, 8);
    }

    @ParameterizedTest(name = "simd={0}")
    @ValueSource(booleans = {true, false})
    void gradientFollowsTheSameRuleForEveryRowWidth(boolean simd) {
        usePath(simd);
        Random random = new Random(5);
        for (int w = 2; w <= 42; w++) {
            for (int h : new int[] {2, 4, 5}) {
                float[] x = new float[3 * 2 * h * w];
                for (int i = 0; i < x.length; i++) {
                    x[i] = random.nextInt(5) - 2 + (random.nextBoolean() ? 0f : -0f);
                }
                assertMatchesReference(x, 3, 2, h, w);
            }
        }
    }

    @ParameterizedTest(name = "simd={0}")
    @ValueSource(booleans = {true, false})
    void infiniteAndOddSizedInputsFollowTheSameRule(boolean simd) {
        usePath(simd);
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

    @ParameterizedTest(name = "simd={0}")
    @ValueSource(booleans = {true, false})
    void neitherDirectionAllocatesAfterWarmUp(boolean simd) {
        usePath(simd);
        com.sun.management.ThreadMXBean mx =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long self = Thread.currentThread().getId();
        int n = 2, c = 4, h = 14, w = 14;   // rows of 7 outputs: both the whole-vector and the short-row code
        float[] x = Conv2dTest.random(n * c * h * w, 9), out = new float[x.length / 4], dx = new float[x.length];
        for (int rep = 0; rep < 3000; rep++) {
            Pool.maxForward(x, out, n, c, h, w, 2, 2);
            Pool.maxReluForward(x, out, n, c, h, w, 2, 2);
            Pool.maxBackward(x, out, dx, n, c, h, w, 2, 2);
        }
        long before = mx.getThreadAllocatedBytes(self);
        for (int rep = 0; rep < 100; rep++) {
            Pool.maxForward(x, out, n, c, h, w, 2, 2);
            Pool.maxReluForward(x, out, n, c, h, w, 2, 2);
            Pool.maxBackward(x, out, dx, n, c, h, w, 2, 2);
        }
        assertEquals(0, mx.getThreadAllocatedBytes(self) - before, "bytes allocated by 100 calls of each");
    }

    private static void assertForwardMatchesReference(float[] x, int n, int c, int h, int w) {
        int oh = h / 2, ow = w / 2;
        float[] out = new float[n * c * oh * ow];
        float[] expected = new float[out.length];
        for (int p = 0; p < n * c; p++) {
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    int i = (p * h + 2 * oy) * w + 2 * ox;
                    expected[(p * oh + oy) * ow + ox] = Math.max(Math.max(x[i], x[i + 1]),
                            Math.max(x[i + w], x[i + w + 1]));
                }
            }
        }
        Pool.maxForward(x, out, n, c, h, w, 2, 2);
        assertArrayEquals(expected, out, "h=" + h + " w=" + w);
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
        assertArrayEquals(reference(x, g, n * c, h, w), dx, "h=" + h + " w=" + w);
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
