package dnnc.runtime.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The convolution pooled as it is computed against the convolution and the pooling run one after the other. */
class ConvPoolTest {
    @ParameterizedTest(name = "n={0} c={1} h={2} w={3} k={4} pad={5} o={6}")
    @CsvSource({
        "1,1,28,28,3,1,16", "3,1,28,28,3,1,16",     // the DESIGN CNN's first convolution: one example, a batch
        "1,16,14,14,3,1,32", "5,16,14,14,3,1,32",   // and its second
        "2,3,7,9,3,1,13",                           // 8-, 4- and 1-channel tiles; odd rows and columns left out
        "2,2,9,11,3,0,5", "2,2,12,10,5,2,4",        // a kernel that crops, a wider one
        "1,2,6,40,3,1,20", "2,3,4,36,1,0,3",        // pooled rows of 20 and 18: whole vectors
        "1,1,2,2,1,0,9", "3,2,5,5,3,1,1"})          // one window a plane; one channel
    void poolsToTheBitWhatTheConvolutionAndThePoolingCompute(int n, int c, int h, int w, int k, int pad, int o) {
        for (boolean direct : new boolean[] {true, false}) {
            Assumptions.assumeTrue(Gemm.SIMD || !direct);
            for (boolean relu : new boolean[] {true, false}) {
                for (boolean withBias : new boolean[] {true, false}) {
                    check(n, c, h, w, k, 1, pad, o, direct, relu, withBias);
                }
            }
        }
    }

    /** A stride other than 1 is not pooled from the grid: each example goes through the two kernels. */
    @Test
    void aStrideOfTwoGivesWhatTheTwoKernelsGive() {
        check(3, 2, 11, 9, 3, 2, 1, 5, Gemm.SIMD, true, true);
    }

    private static void check(int n, int c, int h, int w, int k, int stride, int pad, int o, boolean direct,
                              boolean relu, boolean withBias) {
        int oh = Conv2d.outSize(h, k, stride, pad), ow = Conv2d.outSize(w, k, stride, pad);
        int pooled = n * o * (oh / 2) * (ow / 2);
        float[] x = Conv2dTest.random(n * c * h * w, 40), wt = Conv2dTest.random(o * c * k * k, 41);
        float[] bias = withBias ? Conv2dTest.random(o, 42) : null;
        float[] convolved = new float[n * o * oh * ow], expected = new float[pooled], got = new float[pooled];
        java.util.Arrays.fill(got, 99f);   // every element must be written
        boolean before = Conv2d.direct;
        try {
            Conv2d.direct = direct;
            Conv2d.forward(x, wt, bias, convolved, n, c, h, w, o, k, k, stride, pad);
            if (relu) {
                Pool.maxReluForward(convolved, expected, n, o, oh, ow, 2, 2);
            } else {
                Pool.maxForward(convolved, expected, n, o, oh, ow, 2, 2);
            }
            ConvPool.forward(x, wt, bias, got, n, c, h, w, o, k, k, stride, pad, relu);
        } finally {
            Conv2d.direct = before;
        }
        assertArrayEquals(expected, got, "direct " + direct + ", relu " + relu + ", bias " + withBias);
    }

    /** A vector the JIT fails to keep in registers is boxed on the heap: that would show here. */
    @Test
    void allocatesNothingAfterWarmUp() {
        Assumptions.assumeTrue(Gemm.SIMD, "the Vector API is not there");
        float[] x = Conv2dTest.random(4 * 16 * 14 * 14, 43), wt = Conv2dTest.random(32 * 16 * 9, 44);
        float[] bias = Conv2dTest.random(32, 45), out = new float[4 * 32 * 7 * 7];
        float[] x1 = Conv2dTest.random(28 * 28, 46), wt1 = Conv2dTest.random(13 * 9, 47);
        float[] out1 = new float[13 * 14 * 14];
        Conv2dTest.assertAllocatesNothingAfterWarmUp(() -> {
            ConvPool.forward(x, wt, bias, out, 4, 16, 14, 14, 32, 3, 3, 1, 1, true);
            ConvPool.forward(x, wt, null, out, 1, 16, 14, 14, 32, 3, 3, 1, 1, false);
            ConvPool.forward(x1, wt1, null, out1, 1, 1, 28, 28, 13, 3, 3, 1, 1, true);
        });
    }
}
