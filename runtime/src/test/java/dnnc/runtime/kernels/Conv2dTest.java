package dnnc.runtime.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The convolution kernels against plain loops over the definition, for paddings, strides and odd sizes. */
class Conv2dTest {
    @ParameterizedTest(name = "n={0} c={1} h={2} w={3} k={4} stride={5} pad={6}")
    @CsvSource({"2,1,5,5,3,1,1", "3,2,6,7,3,1,1", "2,3,5,4,3,1,0", "2,2,7,7,5,1,2", "2,2,6,5,3,2,1",
        "1,1,4,4,3,1,2", "2,2,3,3,3,1,1", "1,2,8,6,1,1,0"})
    void unfoldedColumnsHoldTheInputValueOfEveryTap(int n, int c, int h, int w, int k, int stride, int pad) {
        float[] x = random(n * c * h * w, 1);
        int oh = Conv2d.outSize(h, k, stride, pad), ow = Conv2d.outSize(w, k, stride, pad);
        float[] columns = new float[c * k * k * n * oh * ow];
        java.util.Arrays.fill(columns, 99f);   // every element must be written
        Conv2d.im2col(x, columns, n, c, h, w, k, k, stride, pad);
        int span = n * oh * ow;
        for (int ch = 0; ch < c; ch++) {
            for (int ky = 0; ky < k; ky++) {
                for (int kx = 0; kx < k; kx++) {
                    for (int i = 0; i < n; i++) {
                        for (int oy = 0; oy < oh; oy++) {
                            for (int ox = 0; ox < ow; ox++) {
                                int y = oy * stride - pad + ky, xx = ox * stride - pad + kx;
                                float expected = y < 0 || y >= h || xx < 0 || xx >= w ? 0f
                                        : x[((i * c + ch) * h + y) * w + xx];
                                int at = ((ch * k + ky) * k + kx) * span + (i * oh + oy) * ow + ox;
                                // as numbers: the SIMD path's padding is the input times 0, -0 for a negative one
                                assertEquals(expected, columns[at], 0f, "tap " + ch + "," + ky + "," + kx + " at " + i
                                        + "," + oy + "," + ox);
                            }
                        }
                    }
                }
            }
        }
    }

    @ParameterizedTest(name = "n={0} c={1} h={2} w={3} k={4} stride={5} pad={6}")
    @CsvSource({"2,1,5,5,3,1,1", "3,2,6,7,3,1,1", "2,2,7,7,5,1,2", "2,2,6,5,3,2,1", "1,1,4,4,3,1,2",
        // many positions per tap: the filter gradient as dot products (on the SIMD path)
        "5,1,14,13,3,1,1", "3,2,17,19,1,1,0",
        // padding wider than the kernel reaches
        "2,2,5,6,1,1,1", "1,3,4,5,3,1,3"})
    void gradientsMatchTheDefinition(int n, int c, int h, int w, int k, int stride, int pad) {
        int o = 3;
        int oh = Conv2d.outSize(h, k, stride, pad), ow = Conv2d.outSize(w, k, stride, pad);
        float[] x = random(n * c * h * w, 2), wt = random(o * c * k * k, 3), g = random(n * o * oh * ow, 4);
        double[] dw = new double[wt.length], dx = new double[x.length];
        for (int i = 0; i < n; i++) {
            for (int f = 0; f < o; f++) {
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++) {
                        double gv = g[((i * o + f) * oh + oy) * ow + ox];
                        for (int ch = 0; ch < c; ch++) {
                            for (int ky = 0; ky < k; ky++) {
                                for (int kx = 0; kx < k; kx++) {
                                    int y = oy * stride - pad + ky, xx = ox * stride - pad + kx;
                                    if (y >= 0 && y < h && xx >= 0 && xx < w) {
                                        int xi = ((i * c + ch) * h + y) * w + xx, wi = ((f * c + ch) * k + ky) * k + kx;
                                        dw[wi] += gv * x[xi];
                                        dx[xi] += gv * wt[wi];
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        float[] dwGot = new float[wt.length], dxGot = new float[x.length];
        Conv2d.backwardWeight(x, g, dwGot, n, c, h, w, o, k, k, stride, pad);
        Conv2d.backwardInput(g, wt, dxGot, n, c, h, w, o, k, k, stride, pad);
        assertArrayEquals(toFloat(dw), dwGot, 1e-4f);
        assertArrayEquals(toFloat(dx), dxGot, 1e-4f);
    }

    @ParameterizedTest(name = "n={0} c={1} h={2} w={3} k={4} stride={5} pad={6}")
    @CsvSource({"3,2,6,7,3,1,1", "2,1,28,28,3,1,1", "2,2,6,5,3,2,1"})
    void biasIsTheSameFloatSumAsASeparatePass(int n, int c, int h, int w, int k, int stride, int pad) {
        int o = 4;
        int positions = Conv2d.outSize(h, k, stride, pad) * Conv2d.outSize(w, k, stride, pad);
        float[] x = random(n * c * h * w, 5), wt = random(o * c * k * k, 6), bias = random(o, 7);
        float[] expected = new float[n * o * positions], got = new float[expected.length];
        Conv2d.forward(x, wt, expected, n, c, h, w, o, k, k, stride, pad);
        for (int i = 0; i < expected.length; i++) {
            expected[i] += bias[i / positions % o];
        }
        Conv2d.forward(x, wt, bias, got, n, c, h, w, o, k, k, stride, pad);
        assertArrayEquals(expected, got);
    }

    @ParameterizedTest(name = "n={0} c={1} h={2} w={3} k={4} stride={5} pad={6} o={7}")
    @CsvSource({"2,1,5,5,3,1,1,3", "3,2,6,7,3,1,1,4", "2,3,5,4,3,1,0,5", "2,2,7,7,5,1,2,9", "2,2,6,5,3,2,1,3",
        "1,1,28,28,3,1,1,16", "1,16,14,14,3,1,1,32", "2,3,17,19,1,1,0,6", "1,2,3,40,3,1,2,1", "1,2,9,9,3,1,1,7"})
    void forwardMatchesTheDefinition(int n, int c, int h, int w, int k, int stride, int pad, int o) {
        int oh = Conv2d.outSize(h, k, stride, pad), ow = Conv2d.outSize(w, k, stride, pad);
        float[] x = random(n * c * h * w, 12), wt = random(o * c * k * k, 13), bias = random(o, 14);
        float[] expected = new float[n * o * oh * ow];
        for (int i = 0; i < n; i++) {
            for (int f = 0; f < o; f++) {
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++) {
                        double sum = bias[f];
                        for (int ch = 0; ch < c; ch++) {
                            for (int ky = 0; ky < k; ky++) {
                                for (int kx = 0; kx < k; kx++) {
                                    int y = oy * stride - pad + ky, xx = ox * stride - pad + kx;
                                    if (y >= 0 && y < h && xx >= 0 && xx < w) {
                                        sum += (double) x[((i * c + ch) * h + y) * w + xx]
                                                * wt[((f * c + ch) * k + ky) * k + kx];
                                    }
                                }
                            }
                        }
                        expected[((i * o + f) * oh + oy) * ow + ox] = (float) sum;
                    }
                }
            }
        }
        float[] got = new float[expected.length + 3];
        java.util.Arrays.fill(got, 99f);
        Conv2d.forward(x, wt, bias, got, n, c, h, w, o, k, k, stride, pad);
        assertArrayEquals(expected, java.util.Arrays.copyOf(got, expected.length), 1e-4f);
        for (int i = expected.length; i < got.length; i++) {
            assertEquals(99f, got[i], "written past the output at " + i);
        }
    }

    /** The SIMD path's direct convolution (padded input, no columns) sums in the unfolded product's order. */
    @ParameterizedTest(name = "n={0} c={1} h={2} w={3} k={4} pad={5} o={6}")
    @CsvSource({"2,1,5,5,3,1,3", "3,2,6,7,3,1,4", "2,3,5,4,3,0,5", "2,2,7,7,5,2,9", "1,1,28,28,3,1,16",
        "2,16,14,14,3,1,32", "2,3,17,19,1,0,6", "1,2,3,40,3,2,1", "1,20,9,9,3,1,7"})
    void directForwardEqualsTheUnfoldedProductBitForBit(int n, int c, int h, int w, int k, int pad, int o) {
        Assumptions.assumeTrue(Gemm.SIMD, "the Vector API is not there");
        int positions = Conv2d.outSize(h, k, 1, pad) * Conv2d.outSize(w, k, 1, pad);
        float[] x = random(n * c * h * w, 15), wt = random(o * c * k * k, 16), bias = random(o, 17);
        for (float[] b : new float[][] {null, bias}) {
            float[] direct = new float[n * o * positions], unfolded = new float[direct.length];
            Conv2d.forward(x, wt, b, direct, n, c, h, w, o, k, k, 1, pad);
            withColumns(() -> Conv2d.forward(x, wt, b, unfolded, n, c, h, w, o, k, k, 1, pad));
            assertArrayEquals(unfolded, direct);
        }
    }

    /**
     * The SIMD path's filter gradient of a stride-1 convolution (the example padded in place, no columns) is the
     * unfolded product's chain per element: 8-tap tiles and single taps, whole and ragged strips of channels,
     * groups of several examples.
     */
    @ParameterizedTest(name = "n={0} c={1} h={2} w={3} k={4} pad={5} o={6}")
    @CsvSource({"2,16,14,14,3,1,32", "9,16,14,14,3,1,32", "3,2,6,7,3,1,4", "2,3,5,4,3,0,5", "5,2,7,7,5,2,9",
        "2,24,5,7,1,0,6", "1,20,9,9,3,1,7", "6,4,6,6,3,1,40", "2,1,5,5,3,1,33", "2,12,5,6,1,1,3"})
    void directFilterGradientEqualsTheUnfoldedProductBitForBit(int n, int c, int h, int w, int k, int pad, int o) {
        Assumptions.assumeTrue(Gemm.SIMD, "the Vector API is not there");
        int positions = Conv2d.outSize(h, k, 1, pad) * Conv2d.outSize(w, k, 1, pad);
        Assumptions.assumeTrue(positions < Conv2d.DOT_MIN_POSITIONS_PER_TAP * c * k * k, "a dot-product shape");
        float[] x = random(n * c * h * w, 24), g = random(n * o * positions, 25);
        float[] direct = new float[o * c * k * k], unfolded = new float[direct.length];
        Conv2d.backwardWeight(x, g, direct, n, c, h, w, o, k, k, 1, pad);
        withColumns(() -> Conv2d.backwardWeight(x, g, unfolded, n, c, h, w, o, k, k, 1, pad));
        assertArrayEquals(unfolded, direct);
    }

    /**
     * The SIMD path's input gradient of a stride-1 convolution (a convolution of the padded gradient with the
     * flipped filters): 8-, 4- and 1-channel tiles of input channels, kernels that pad and that crop, rows shorter
     * and longer than a vector, a batch split between the threads.
     */
    @ParameterizedTest(name = "n={0} c={1} h={2} w={3} k={4} pad={5} o={6}")
    @CsvSource({"2,16,14,14,3,1,32", "9,16,14,14,3,1,32", "3,13,6,7,3,1,4", "2,3,5,4,3,0,5", "2,2,7,7,5,2,9",
        "2,5,9,11,5,0,3", "2,24,5,7,1,0,6", "1,1,28,28,3,1,16", "1,2,3,40,3,2,1", "4,7,6,6,3,2,3"})
    void directInputGradientMatchesTheDefinition(int n, int c, int h, int w, int k, int pad, int o) {
        Assumptions.assumeTrue(Gemm.SIMD, "the Vector API is not there");
        int positions = Conv2d.outSize(h, k, 1, pad) * Conv2d.outSize(w, k, 1, pad);
        float[] wt = random(o * c * k * k, 30), g = random(n * o * positions, 31);
        float[] direct = new float[n * c * h * w], unfolded = new float[direct.length];
        java.util.Arrays.fill(direct, 99f);   // every element must be written
        Conv2d.backwardInput(g, wt, direct, n, c, h, w, o, k, k, 1, pad);
        withColumns(() -> Conv2d.backwardInput(g, wt, unfolded, n, c, h, w, o, k, k, 1, pad));
        float[] expected = inputGradient(g, wt, n, c, h, w, o, k, pad);
        assertArrayEquals(expected, direct, 1e-4f);
        assertArrayEquals(unfolded, direct, 1e-4f);
    }

    /** dx by the definition of a stride-1 convolution's input gradient, summed in double. */
    private static float[] inputGradient(float[] g, float[] wt, int n, int c, int h, int w, int o, int k, int pad) {
        int oh = Conv2d.outSize(h, k, 1, pad), ow = Conv2d.outSize(w, k, 1, pad);
        double[] dx = new double[n * c * h * w];
        for (int i = 0; i < n; i++) {
            for (int f = 0; f < o; f++) {
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++) {
                        for (int ch = 0; ch < c; ch++) {
                            for (int ky = 0; ky < k; ky++) {
                                for (int kx = 0; kx < k; kx++) {
                                    int y = oy - pad + ky, xx = ox - pad + kx;
                                    if (y >= 0 && y < h && xx >= 0 && xx < w) {
                                        dx[((i * c + ch) * h + y) * w + xx] += g[((i * o + f) * oh + oy) * ow + ox]
                                                * wt[((f * c + ch) * k + ky) * k + kx];
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return toFloat(dx);
    }

    /** A vector the JIT fails to keep in registers is boxed on the heap: that would show here. */
    @Test
    void theDirectInputGradientAllocatesNothingAfterWarmUp() {
        Assumptions.assumeTrue(Gemm.SIMD, "the Vector API is not there");
        int n = 4, c = 13, o = 3;   // 8-, 4- and 1-channel tiles
        float[] g = random(n * o * 9 * 11, 32), wt = random(o * c * 9, 33), dx = new float[n * c * 9 * 11];
        // the DESIGN CNN's second convolution, a batch of 8
        float[] g2 = random(8 * 32 * 14 * 14, 34), wt2 = random(32 * 16 * 9, 35), dx2 = new float[8 * 16 * 14 * 14];
        assertAllocatesNothingAfterWarmUp(() -> {
            Conv2d.backwardInput(g, wt, dx, n, c, 9, 11, o, 3, 3, 1, 1);
            Conv2d.backwardInput(g2, wt2, dx2, 8, 16, 14, 14, 32, 3, 3, 1, 1);
        });
    }

    /** A vector the JIT fails to keep in registers is boxed on the heap: that would show here. */
    @Test
    void theDirectFilterGradientAllocatesNothingAfterWarmUp() {
        Assumptions.assumeTrue(Gemm.SIMD, "the Vector API is not there");
        int n = 4, c = 2, o = 35;   // 18 taps: two tiles and two single taps; a whole strip and a ragged one
        float[] x = random(n * c * 9 * 11, 26), g = random(n * o * 9 * 11, 27), dw = new float[o * c * 9];
        // the DESIGN CNN's second convolution, a batch of 8
        float[] x2 = random(8 * 16 * 14 * 14, 28), g2 = random(8 * 32 * 14 * 14, 29), dw2 = new float[32 * 16 * 9];
        assertAllocatesNothingAfterWarmUp(() -> {
            Conv2d.backwardWeight(x, g, dw, n, c, 9, 11, o, 3, 3, 1, 1);
            Conv2d.backwardWeight(x2, g2, dw2, 8, 16, 14, 14, 32, 3, 3, 1, 1);
        });
    }

    /** A vector the JIT fails to keep in registers is boxed on the heap: that would show here. */
    @Test
    void theDirectForwardPassAllocatesNothingAfterWarmUp() {
        Assumptions.assumeTrue(Gemm.SIMD, "the Vector API is not there");
        int n = 2, c = 3, o = 13;   // 8-, 4- and 1-channel tiles
        float[] x = random(n * c * 14 * 20, 18), wt = random(o * c * 9, 19), bias = random(o, 20);
        float[] out = new float[n * o * 14 * 20];
        // the DESIGN CNN's second convolution, a batch of 8 and one example (its channels split between threads)
        float[] x2 = random(8 * 16 * 14 * 14, 21), wt2 = random(32 * 16 * 9, 22), bias2 = random(32, 23);
        float[] out2 = new float[8 * 32 * 14 * 14];
        assertAllocatesNothingAfterWarmUp(() -> {
            Conv2d.forward(x, wt, bias, out, n, c, 14, 20, o, 3, 3, 1, 1);   // rows of 20: whole vectors
            Conv2d.forward(x, wt, null, out, 1, c, 20, 14, o, 3, 3, 1, 1);   // rows of 14: one vector each
            Conv2d.forward(x2, wt2, bias2, out2, 8, 16, 14, 14, 32, 3, 3, 1, 1);
            Conv2d.forward(x2, wt2, bias2, out2, 1, 16, 14, 14, 32, 3, 3, 1, 1);
        });
    }

    /**
     * Runs {@code all} 3000 times, then checks that 100 more allocate nothing on this thread and the worker (also for
     * ConvPoolTest).
     */
    static void assertAllocatesNothingAfterWarmUp(Runnable all) {
        com.sun.management.ThreadMXBean mx =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        for (int rep = 0; rep < 3000; rep++) {
            all.run();
        }
        // this thread and the worker, which pads and multiplies its share
        long[] threads = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t == Thread.currentThread() || t.getName().equals("dnnc-worker"))
                .mapToLong(Thread::getId).toArray();
        assertEquals(2, threads.length, "this thread and the worker");
        long before = mx.getThreadAllocatedBytes(threads[0]) + mx.getThreadAllocatedBytes(threads[1]);
        for (int rep = 0; rep < 100; rep++) {
            all.run();
        }
        long after = mx.getThreadAllocatedBytes(threads[0]) + mx.getThreadAllocatedBytes(threads[1]);
        assertEquals(0, after - before, "bytes allocated by 100 calls of each, on both threads");
    }

    /** Runs {@code run} off the SIMD path's direct convolutions, through unfolded columns. */
    private static void withColumns(Runnable run) {
        try {
            Conv2d.direct = false;
            run.run();
        } finally {
            Conv2d.direct = true;
        }
    }

    /** Gaussian numbers from a seeded generator (also for ParallelKernelsTest). */
    static float[] random(int size, long seed) {
        Random r = new Random(seed);
        float[] v = new float[size];
        for (int i = 0; i < size; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return v;
    }

    private static float[] toFloat(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }
}
