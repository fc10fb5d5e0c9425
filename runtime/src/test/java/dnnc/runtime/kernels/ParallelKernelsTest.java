package dnnc.runtime.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Kernels that split their work between the calling thread and the worker give exactly the results they give
 * on one thread (whose correctness the other kernel tests check against references).
 */
class ParallelKernelsTest {
    @AfterEach
    void restoreDefaults() {
        Parallel.setMinElements(-1);
        Gemm.setThreads(Math.min(2, Runtime.getRuntime().availableProcessors()));
    }

    @Test
    void maxPoolingForwardAndBackward() {
        float[] x = random(6 * 3 * 8 * 10, 1), g = random(6 * 3 * 4 * 5, 2);
        assertSameSplitOrNot(out -> Pool.maxForward(x, out, 6, 3, 8, 10, 2, 2), 6 * 3 * 4 * 5);
        assertSameSplitOrNot(out -> Pool.maxReluForward(x, out, 6, 3, 8, 10, 2, 2), 6 * 3 * 4 * 5);
        assertSameSplitOrNot(dx -> Pool.maxBackward(x, g, dx, 6, 3, 8, 10, 2, 2), x.length);
        float[] odd = random(5 * 2 * 7 * 9, 3), godd = random(5 * 2 * 3 * 4, 4);
        assertSameSplitOrNot(dx -> Pool.maxBackward(odd, godd, dx, 5, 2, 7, 9, 2, 2), odd.length);
    }

    @Test
    void convolutionForwardAndGradients() {
        int n = 7, c = 2, h = 6, w = 5, o = 3;
        float[] x = random(n * c * h * w, 5), wt = random(o * c * 9, 6), g = random(n * o * h * w, 7);
        assertSameSplitOrNot(out -> Conv2d.forward(x, wt, out, n, c, h, w, o, 3, 3, 1, 1), n * o * h * w);
        assertSameSplitOrNot(dw -> Conv2d.backwardWeight(x, g, dw, n, c, h, w, o, 3, 3, 1, 1), wt.length);
        assertSameSplitOrNot(dx -> Conv2d.backwardInput(g, wt, dx, n, c, h, w, o, 3, 3, 1, 1), x.length);
        int oh = Conv2d.outSize(h, 3, 2, 0), ow = Conv2d.outSize(w, 3, 2, 0);
        float[] gs = random(n * o * oh * ow, 8);
        assertSameSplitOrNot(dx -> Conv2d.backwardInput(gs, wt, dx, n, c, h, w, o, 3, 3, 2, 0), x.length);
    }

    @Test
    void oneExampleSplitsItsOutputChannels() {
        int c = 3, h = 9, w = 11, o = 10;   // two 4-channel tiles and two channels left over
        float[] x = random(c * h * w, 12), wt = random(o * c * 9, 13), bias = random(o, 14);
        assertSameSplitOrNot(out -> Conv2d.forward(x, wt, bias, out, 1, c, h, w, o, 3, 3, 1, 1), o * h * w);
    }

    @Test
    void filterGradientAsDotProducts() {
        int n = 9, h = 16, w = 15, o = 5;   // one channel, 240 positions for 9 taps
        float[] x = random(n * h * w, 10), g = random(n * o * h * w, 11);
        assertSameSplitOrNot(dw -> Conv2d.backwardWeight(x, g, dw, n, 1, h, w, o, 3, 3, 1, 1), o * 9);
    }

    @Test
    void sumsOverEveryAxisLayout() {
        float[] x = random(9 * 11 * 13, 9);
        assertSameSplitOrNot(out -> Reduce.sum(x, 9 * 11, 13, 1, out), 9 * 11);   // runs of 13
        assertSameSplitOrNot(out -> Reduce.sum(x, 9, 11, 13, out), 9 * 13);       // rows of several blocks
        assertSameSplitOrNot(out -> Reduce.sum(x, 1, 9 * 11, 13, out), 13);       // one block: by columns
        float[] longRun = random(2 * Reduce.HALVES_FROM + 99, 8);
        assertSameSplitOrNot(out -> Reduce.sum(longRun, 1, longRun.length, 1, out), 1);   // two halves
        assertSameSplitOrNot(out -> Reduce.sumOfSquares(longRun, longRun.length, out), 1);
    }

    /** Runs {@code kernel} into a fresh array (prefilled with garbage) alone and split; both must agree. */
    private static void assertSameSplitOrNot(Consumer<float[]> kernel, int size) {
        Gemm.setThreads(1);
        float[] alone = garbage(size);
        kernel.accept(alone);
        Gemm.setThreads(2);
        Parallel.setMinElements(0);
        float[] split = garbage(size);
        kernel.accept(split);
        Parallel.setMinElements(-1);
        assertArrayEquals(alone, split);
    }

    private static float[] garbage(int size) {
        float[] a = new float[size];
        java.util.Arrays.fill(a, 1234.5f);
        return a;
    }

    private static float[] random(int size, long seed) {
        return Conv2dTest.random(size, seed);
    }
}
