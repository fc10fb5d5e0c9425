package dnnc.runtime.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReduceTest {

    private static float[] input(int outer, int mid, int inner) {
        Random rnd = new Random(outer * 100 + mid * 10 + inner);
        float[] x = new float[outer * mid * inner];
        for (int i = 0; i < x.length; i++) {
            x[i] = rnd.nextFloat() * 10f - 5f;
        }
        return x;
    }

    @ParameterizedTest(name = "outer={0} mid={1} inner={2}")
    @CsvSource({"1,1,1", "1,5,1", "4,1,1", "3,1,4", "1,6,1", "2,3,4", "1,128,10", "7,9,1", "5,2,33", "1,1,17",
        "1,128,6272", "3,7,100", "1,130,257"})
    void sumAddsOverTheMiddleAxis(int outer, int mid, int inner) {
        float[] x = input(outer, mid, inner);
        float[] out = new float[outer * inner];
        Reduce.sum(x, outer, mid, inner, out);
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                double s = 0;
                for (int j = 0; j < mid; j++) {
                    s += x[(o * mid + j) * inner + i];
                }
                assertEquals(s, out[o * inner + i], 1e-4 * Math.max(1, mid), "o=" + o + " i=" + i);
            }
        }
    }

    /**
     * A bias's gradient sums rows (inner > 1): each output is the same chain of float additions on every path
     * (SIMD lanes or scalar, one thread or two): rows four at a time as ((r0 + r1) + (r2 + r3)), then one by one.
     */
    @ParameterizedTest(name = "outer={0} mid={1} inner={2}")
    @CsvSource({"1,128,6272", "1,7,100", "3,9,65", "1,2,300", "2,130,33"})
    void aSumOverRowsIsOneFixedChainOfAdditions(int outer, int mid, int inner) {
        float[] x = input(outer, mid, inner);
        float[] expected = new float[outer * inner];
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                float s = 0f;
                int j = 0, at = o * mid * inner + i;
                for (; j + 3 < mid; j += 4, at += 4 * inner) {
                    s += (x[at] + x[at + inner]) + (x[at + 2 * inner] + x[at + 3 * inner]);
                }
                for (; j < mid; j++, at += inner) {
                    s += x[at];
                }
                expected[o * inner + i] = s;
            }
        }
        for (int threads : new int[] {1, 2}) {
            Gemm.setThreads(threads);
            Parallel.setMinElements(1);
            try {
                float[] out = new float[outer * inner];
                Reduce.sum(x, outer, mid, inner, out);
                assertArrayEquals(expected, out, "threads=" + threads);
            } finally {
                Gemm.setThreads(Math.min(2, Runtime.getRuntime().availableProcessors()));
                Parallel.setMinElements(-1);
            }
        }
    }

    @ParameterizedTest(name = "outer={0} mid={1} inner={2}")
    @CsvSource({"1,1,1", "1,5,1", "4,1,1", "3,1,4", "1,6,1", "2,3,4", "1,128,10", "7,9,1", "5,2,33", "1,1,17"})
    void maxTakesTheLargestOverTheMiddleAxis(int outer, int mid, int inner) {
        float[] x = input(outer, mid, inner);
        float[] out = new float[outer * inner];
        Reduce.max(x, outer, mid, inner, out);
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                float best = Float.NEGATIVE_INFINITY;
                for (int j = 0; j < mid; j++) {
                    best = Math.max(best, x[(o * mid + j) * inner + i]);
                }
                assertEquals(best, out[o * inner + i], "o=" + o + " i=" + i);
            }
        }
    }

    @ParameterizedTest(name = "mid={0}")
    @CsvSource({"255", "256", "1000", "65535", "65536", "200705"})
    void aLongSumIsAccurate(int mid) {
        float[] x = input(1, mid, 1);
        double s = 0;
        for (float v : x) {
            s += v;
        }
        float[] out = new float[1];
        Reduce.sum(x, 1, mid, 1, out);
        assertEquals(s, out[0], 1e-6 * mid * 5);
    }

    @ParameterizedTest(name = "n={0}")
    @CsvSource({"0", "1", "7", "255", "256", "1000", "65536", "200705"})
    void sumOfSquaresAddsEverySquare(int n) {
        float[] x = input(1, n, 1);
        double s = 0;
        for (float v : x) {
            s += (double) v * v;
        }
        float[] out = {42f, 42f};
        Reduce.sumOfSquares(x, n, out);
        assertEquals(s, out[0], 1e-6 * Math.max(1, s));
        assertEquals(42f, out[1]);
    }

    @Test
    void aLongSumRepeatsToTheBit() {
        float[] x = input(1, 200705, 1);
        float[] first = new float[1], second = new float[1];
        Reduce.sum(x, 1, 200705, 1, first);
        Reduce.sum(x, 1, 200705, 1, second);
        assertEquals(Float.floatToRawIntBits(first[0]), Float.floatToRawIntBits(second[0]));
    }

    @Test
    void maxOfAllNegativeValuesIsNegative() {
        float[] out = new float[2];
        Reduce.max(new float[] {-3f, -1f, -2f, -7f, -5f, -6f}, 2, 3, 1, out);
        assertArrayEquals(new float[] {-1f, -5f}, out);
    }

    @Test
    void writesOnlyOuterTimesInnerValues() {
        float[] x = input(2, 3, 4);
        float[] out = new float[8 + 5];
        Arrays.fill(out, 42f);
        Reduce.sum(x, 2, 3, 4, out);
        Reduce.max(x, 2, 3, 4, out);
        for (int i = 8; i < out.length; i++) {
            assertEquals(42f, out[i]);
        }
    }

    @Test
    void rejectsTooShortInput() {
        assertThrows(IllegalArgumentException.class, () -> Reduce.sum(new float[5], 2, 3, 1, new float[2]));
    }
}
