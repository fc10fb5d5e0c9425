package dnnc.runtime.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GemmTest {

    private static final int DEFAULT_THREADS = Gemm.threads();

    /** m, n, k: tiny, primes, past the block sizes, small n (computed transposed), and big enough for two threads. */
    private static final int[][] SIZES = {
        {1, 1, 1}, {7, 13, 5}, {2, 3, 300}, {129, 257, 65}, {64, 10, 33}, {3, 600, 40}, {130, 300, 520},
    };

    @AfterEach
    void restoreThreads() {
        Gemm.setThreads(DEFAULT_THREADS);
    }

    static Stream<Arguments> transposesAndSizes() {
        List<Arguments> cases = new ArrayList<>();
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                for (int[] s : SIZES) {
                    cases.add(Arguments.of(ta, tb, s[0], s[1], s[2]));
                }
            }
        }
        return cases.stream();
    }

    static Stream<Arguments> transposes() {
        return Stream.of(Arguments.of(false, false), Arguments.of(false, true), Arguments.of(true, false),
                Arguments.of(true, true));
    }

    @ParameterizedTest(name = "transA={0} transB={1} m={2} n={3} k={4}")
    @MethodSource("transposesAndSizes")
    void productMatchesDoublePrecisionReference(boolean ta, boolean tb, int m, int n, int k) {
        Random rnd = new Random(m * 31L + n * 7L + k);
        float[] a = random(rnd, m * k), b = random(rnd, k * n);
        float[] c = random(rnd, m * n); // garbage: must be overwritten
        Gemm.gemm(ta, tb, m, n, k, a, b, c, false);
        assertClose(reference(ta, tb, m, n, k, a, b, null), c);
    }

    @ParameterizedTest(name = "transA={0} transB={1} m={2} n={3} k={4}")
    @MethodSource("transposesAndSizes")
    void accumulateAddsProductToExistingValues(boolean ta, boolean tb, int m, int n, int k) {
        Random rnd = new Random(m * 17L + n * 5L + k);
        float[] a = random(rnd, m * k), b = random(rnd, k * n), c0 = random(rnd, m * n);
        float[] c = c0.clone();
        Gemm.gemm(ta, tb, m, n, k, a, b, c, true);
        assertClose(reference(ta, tb, m, n, k, a, b, c0), c);
    }

    @ParameterizedTest(name = "transA={0} transB={1} m={2} n={3} k={4}")
    @MethodSource("transposesAndSizes")
    void eachElementIsAFloatSumOfProductsInIncreasingKOrder(boolean ta, boolean tb, int m, int n, int k) {
        Random rnd = new Random(m + n * 3L + k * 11L);
        float[] a = random(rnd, m * k), b = random(rnd, k * n), c0 = random(rnd, m * n);
        for (boolean accumulate : new boolean[] {false, true}) {
            float[] c = c0.clone();
            Gemm.gemm(ta, tb, m, n, k, a, b, c, accumulate);
            assertArrayEquals(sequentialFloat(ta, tb, m, n, k, a, b, accumulate ? c0 : null), c);
        }
    }

    @ParameterizedTest(name = "transA={0} transB={1}")
    @MethodSource("transposes")
    void leavesElementsBeyondMTimesNUntouched(boolean ta, boolean tb) {
        int m = 9, n = 17, k = 11;
        Random rnd = new Random(5);
        float[] a = random(rnd, m * k), b = random(rnd, k * n);
        for (boolean accumulate : new boolean[] {false, true}) {
            float[] c = new float[m * n + 40];
            Arrays.fill(c, 42f);
            Gemm.gemm(ta, tb, m, n, k, a, b, c, accumulate);
            for (int i = m * n; i < c.length; i++) {
                assertEquals(42f, c[i], "c[" + i + "]");
            }
        }
    }

    @ParameterizedTest(name = "transA={0} transB={1}")
    @MethodSource("transposes")
    void oneAndTwoThreadsGiveBitIdenticalResults(boolean ta, boolean tb) {
        // Split by rows, by columns (m small) and transposed (n small); all above the parallel threshold.
        int[][] sizes = {{130, 300, 520}, {4, 2000, 300}, {500, 7, 300}, {1024, 1024, 64}};
        for (int[] s : sizes) {
            int m = s[0], n = s[1], k = s[2];
            assertTrue((long) m * n * k >= Gemm.PARALLEL_MIN_WORK);
            Random rnd = new Random(m + n + k);
            float[] a = random(rnd, m * k), b = random(rnd, k * n), c0 = random(rnd, m * n);
            for (boolean accumulate : new boolean[] {false, true}) {
                Gemm.setThreads(1);
                float[] one = c0.clone();
                Gemm.gemm(ta, tb, m, n, k, a, b, one, accumulate);
                Gemm.setThreads(2);
                float[] two = c0.clone();
                Gemm.gemm(ta, tb, m, n, k, a, b, two, accumulate);
                assertArrayEquals(one, two, Arrays.toString(s) + " accumulate=" + accumulate);
            }
        }
    }

    @Test
    void rowOfABatchEqualsTheSameRowComputedAlone() {
        int m = 128, n = 256, k = 784;
        Random rnd = new Random(9);
        float[] x = random(rnd, m * k), w = random(rnd, k * n), batch = new float[m * n], single = new float[n];
        Gemm.gemm(false, false, m, n, k, x, w, batch, false);
        int row = 77;
        Gemm.gemm(false, false, 1, n, k, Arrays.copyOfRange(x, row * k, row * k + k), w, single, false);
        assertArrayEquals(Arrays.copyOfRange(batch, row * n, row * n + n), single);
    }

    @Test
    void emptyReductionGivesZerosOrLeavesCAlone() {
        float[] c = {1f, 2f, 3f, 4f, 5f, 6f};
        Gemm.gemm(false, false, 2, 3, 0, new float[0], new float[0], c, true);
        assertArrayEquals(new float[] {1f, 2f, 3f, 4f, 5f, 6f}, c);
        Gemm.gemm(false, false, 2, 3, 0, new float[0], new float[0], c, false);
        assertArrayEquals(new float[6], c);
    }

    @Test
    void concurrentCallersAllGetCorrectResults() throws Exception {
        int m = 128, n = 200, k = 300, callers = 4;
        Random rnd = new Random(3);
        float[] a = random(rnd, m * k), b = random(rnd, k * n);
        float[] expected = sequentialFloat(false, true, m, n, k, a, b, null);
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < callers; t++) {
                results.add(pool.submit(() -> {
                    float[] c = new float[m * n];
                    start.await();
                    for (int rep = 0; rep < 50; rep++) {
                        Gemm.gemm(false, true, m, n, k, a, b, c, false);
                        if (!Arrays.equals(expected, c)) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            start.countDown();
            for (Future<Boolean> f : results) {
                assertTrue(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void callingThreadDoesNotAllocateAfterWarmUp() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long self = Thread.currentThread().getId();
        int m = 128, n = 64, k = 100;
        Random rnd = new Random(4);
        float[] a = random(rnd, m * k), b = random(rnd, k * n), c = new float[m * n], small = new float[6 * 5];
        for (int rep = 0; rep < 2000; rep++) {
            callAllVariants(m, n, k, a, b, c, small);
        }
        long before = mx.getThreadAllocatedBytes(self);
        for (int rep = 0; rep < 200; rep++) {
            callAllVariants(m, n, k, a, b, c, small);
        }
        long allocated = mx.getThreadAllocatedBytes(self) - before;
        assertTrue(allocated < 1024, "allocated " + allocated + " bytes in 200 rounds");
    }

    private static void callAllVariants(int m, int n, int k, float[] a, float[] b, float[] c, float[] small) {
        Gemm.gemm(false, false, m, n, k, a, b, c, false);
        Gemm.gemm(true, false, m, n, k, a, b, c, true);
        Gemm.gemm(false, true, m, n, k, a, b, c, false);
        Gemm.gemm(true, true, m, n, k, a, b, c, true);
        Gemm.gemm(false, false, 6, 5, 7, a, b, small, false);
    }

    @Test
    void rejectsArraysTooShortForTheSizes() {
        assertThrows(IllegalArgumentException.class,
                () -> Gemm.gemm(false, false, 2, 2, 2, new float[3], new float[4], new float[4], false));
        assertThrows(IllegalArgumentException.class,
                () -> Gemm.gemm(false, false, 2, 2, 2, new float[4], new float[4], new float[3], false));
    }

    @Test
    void acceptsOnlyOneOrTwoThreads() {
        assertThrows(IllegalArgumentException.class, () -> Gemm.setThreads(0));
        assertThrows(IllegalArgumentException.class, () -> Gemm.setThreads(3));
    }

    // ---- helpers

    static float[] random(Random rnd, int size) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = rnd.nextFloat() * 2f - 1f;
        }
        return x;
    }

    static float opA(boolean ta, int m, int k, float[] a, int i, int kk) {
        return ta ? a[kk * m + i] : a[i * k + kk];
    }

    static float opB(boolean tb, int n, int k, float[] b, int kk, int j) {
        return tb ? b[j * k + kk] : b[kk * n + j];
    }

    /** Returns {value, sum of magnitudes} pairs: index 2*(i*n+j). */
    private static double[] reference(boolean ta, boolean tb, int m, int n, int k, float[] a, float[] b, float[] c0) {
        double[] out = new double[2 * m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = c0 == null ? 0 : c0[i * n + j], mag = Math.abs(s);
                for (int kk = 0; kk < k; kk++) {
                    double p = (double) opA(ta, m, k, a, i, kk) * opB(tb, n, k, b, kk, j);
                    s += p;
                    mag += Math.abs(p);
                }
                out[2 * (i * n + j)] = s;
                out[2 * (i * n + j) + 1] = mag;
            }
        }
        return out;
    }

    private static void assertClose(double[] ref, float[] c) {
        for (int e = 0; e < ref.length / 2; e++) {
            double tol = 1e-4 * Math.max(ref[2 * e + 1], 1e-3);
            assertEquals(ref[2 * e], c[e], tol, "element " + e);
        }
    }

    private static float[] sequentialFloat(boolean ta, boolean tb, int m, int n, int k, float[] a, float[] b,
            float[] c0) {
        float[] c = new float[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float s = c0 == null ? 0f : c0[i * n + j];
                for (int kk = 0; kk < k; kk++) {
                    s += opA(ta, m, k, a, i, kk) * opB(tb, n, k, b, kk, j);
                }
                c[i * n + j] = s;
            }
        }
        return c;
    }
}
