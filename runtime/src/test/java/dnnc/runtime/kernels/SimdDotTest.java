package dnnc.runtime.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A B^T by dot products of rows, against sums in double, for block edges, vector tails and offsets. */
class SimdDotTest {
    @ParameterizedTest(name = "m={0} n={1} k={2}")
    @CsvSource({"1,1,1", "3,4,8", "7,6,37", "16,9,784", "2,5,3", "4,13,200"})
    void everyElementIsTheDotProductOfTwoRows(int m, int n, int k) {
        Assumptions.assumeTrue(Gemm.SIMD, "the Vector API is not there");
        int aOff = 3, bOff = 5, cOff = 2;
        float[] a = Conv2dTest.random(aOff + m * k, 1), b = Conv2dTest.random(bOff + n * k, 2);
        float[] c = Conv2dTest.random(cOff + m * n + 1, 3), expected = c.clone();
        float[] once = c.clone();
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double dot = 0;
                for (int kk = 0; kk < k; kk++) {
                    dot += (double) a[aOff + i * k + kk] * b[bOff + j * k + kk];
                }
                once[cOff + i * n + j] = (float) dot;
                expected[cOff + i * n + j] = (float) (c[cOff + i * n + j] + dot);
            }
        }
        float tolerance = 1e-5f * k;
        float[] got = c.clone();
        SimdDot.abt(m, n, k, a, aOff, b, bOff, got, cOff, true);
        assertArrayEquals(expected, got, tolerance, "accumulated");
        got = c.clone();
        SimdDot.abt(m, n, k, a, aOff, b, bOff, got, cOff, false);
        assertArrayEquals(once, got, tolerance, "written");
    }
}
