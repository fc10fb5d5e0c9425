package dnnc.runtime.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@link Gemm#gemmBias} and {@link Gemm#gemmReluGradient}: the product, then bias[j] added to column j and the
 * ReLU when asked, or the product times the step of a ReLU's output; to the bit as {@link Gemm#gemm} followed by
 * the addition and {@code Math.max}, or by the multiplication with {@link ScalarOps#step}, on both paths, one and
 * two threads, wide and narrow results (a result narrower than 16 columns is computed transposed, its epilogue
 * applied by rows of C^T).
 */
class GemmBiasTest {

    @AfterEach
    void twoThreadsAgain() {
        Gemm.setThreads(2);
    }

    static Stream<Arguments> cases() {
        // m, n, k: one example, odd sizes, a dense layer split by columns, an output layer (computed transposed)
        int[][] sizes = {{1, 256, 784}, {1, 10, 100}, {7, 37, 5}, {32, 256, 784}, {128, 100, 128}, {64, 10, 100},
                {3, 1, 9}, {33, 48, 1}};
        Stream.Builder<Arguments> b = Stream.builder();
        for (int[] s : sizes) {
            for (boolean simd : new boolean[] {false, true}) {
                for (int threads = 1; threads <= 2; threads++) {
                    for (boolean transB : new boolean[] {false, true}) {
                        for (boolean relu : new boolean[] {false, true}) {
                            b.add(Arguments.of(s[0], s[1], s[2], simd, threads, transB, relu));
                        }
                    }
                }
            }
        }
        return b.build();
    }

    @ParameterizedTest(name = "{0}x{1}x{2} simd={3} threads={4} transB={5} relu={6}")
    @MethodSource("cases")
    void equalsTheProductThenTheBiasThenTheRelu(int m, int n, int k, boolean simd, int threads, boolean transB,
            boolean relu) {
        org.junit.jupiter.api.Assumptions.assumeTrue(!simd || Gemm.SIMD);
        Gemm.setThreads(threads);
        Random rnd = new Random(m * 31 + n * 7 + k);
        float[] a = GemmTest.random(rnd, m * k), b = GemmTest.random(rnd, k * n), bias = GemmTest.random(rnd, n);
        float[] expected = new float[m * n];
        Gemm.gemm(simd, false, transB, m, n, k, a, b, expected, false);
        for (int i = 0; i < expected.length; i++) {
            float x = expected[i] + bias[i % n];
            expected[i] = relu ? Math.max(x, 0f) : x;
        }
        float[] c = new float[m * n];
        Gemm.gemmBias(simd, transB, m, n, k, a, b, c, bias, relu);
        assertArrayEquals(expected, c);
    }

    static Stream<Arguments> gradientCases() {
        return cases().filter(c -> !(Boolean) c.get()[6]);   // the same sizes and paths, once each
    }

    @ParameterizedTest(name = "{0}x{1}x{2} simd={3} threads={4} transB={5}")
    @MethodSource("gradientCases")
    void theReluGradientEqualsTheProductTimesTheStep(int m, int n, int k, boolean simd, int threads, boolean transB,
            boolean unused) {
        org.junit.jupiter.api.Assumptions.assumeTrue(!simd || Gemm.SIMD);
        Gemm.setThreads(threads);
        Random rnd = new Random(m * 17 + n * 5 + k);
        float[] a = GemmTest.random(rnd, m * k), b = GemmTest.random(rnd, k * n), out = GemmTest.random(rnd, m * n);
        out[0] = 0f;
        out[out.length - 1] = -0f;   // exactly zero: step 0, as the ReLU's gradient rule says
        float[] expected = new float[m * n];
        Gemm.gemm(simd, false, transB, m, n, k, a, b, expected, false);
        for (int i = 0; i < expected.length; i++) {
            expected[i] = expected[i] * ScalarOps.step(out[i]);
        }
        float[] c = new float[m * n];
        Gemm.gemmReluGradient(simd, transB, m, n, k, a, b, c, out);
        assertArrayEquals(expected, c);
    }

    @Test
    void aProductOverNothingIsTheBias() {
        float[] c = new float[6];
        Gemm.gemmBias(false, 2, 3, 0, new float[0], new float[0], c, new float[] {-1f, 0.5f, 2f}, true);
        assertArrayEquals(new float[] {0f, 0.5f, 2f, 0f, 0.5f, 2f}, c);
    }

    @Test
    void aShortBiasIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> Gemm.gemmBias(false, 2, 3, 1, new float[2], new float[3], new float[6], new float[2], false));
    }
}
