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
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GemmTest {

    private static final int DEFAULT_THREADS = Gemm.threads();

    /**
     * m, n, k: tiny, primes, past the block sizes, small n (computed transposed), big enough for two threads, one
     * row (the SIMD path reads op(B) in place), exactly one register tile (8 x 32 since 2026-12-02; 6 x 32 before)
     * and one with 7 rows left over, and ragged edges around them; a
     * convolution's and a one-example dense layer's, whose ragged last strips are read in place but for their last
     * rows; one row against a long k in one block (narrower than a strip, so its last rows are copied); a few rows
     * three vectors wide (one pass of three accumulators with 16 lanes) and three strips and a bit (one pass of
     * four strips, the last ragged), in one block of k and in several.
     */
    private static final int[][] SIZES = {
        {1, 1, 1}, {7, 13, 5}, {2, 3, 300}, {129, 257, 65}, {64, 10, 33}, {3, 600, 40}, {130, 300, 520},
        {1, 256, 784}, {1, 97, 13}, {6, 32, 7}, {5, 65, 257}, {13, 1, 17}, {1, 37, 1}, {11, 129, 3},
        {32, 196, 300}, {1, 48, 1568}, {1, 3, 700}, {8, 32, 7}, {15, 33, 9}, {3, 48, 65}, {1, 100, 300},
        {3, 127, 40},
    };

    @AfterEach
    void restoreThreads() {
        Gemm.setThreads(DEFAULT_THREADS);
    }

    /** The paths this JVM can run: scalar always, SIMD when started with the Vector API module. */
    static boolean[] paths() {
        return Gemm.SIMD ? new boolean[] {false, true} : new boolean[] {false};
    }

    static Stream<Arguments> transposesAndSizes() {
        List<Arguments> cases = new ArrayList<>();
        for (boolean simd : paths()) {
            for (boolean ta : new boolean[] {false, true}) {
                for (boolean tb : new boolean[] {false, true}) {
                    for (int[] s : SIZES) {
                        cases.add(Arguments.of(simd, ta, tb, s[0], s[1], s[2]));
                    }
                }
            }
        }
        return cases.stream();
    }

    static Stream<Arguments> transposes() {
        List<Arguments> cases = new ArrayList<>();
        for (boolean simd : paths()) {
            for (boolean ta : new boolean[] {false, true}) {
                for (boolean tb : new boolean[] {false, true}) {
                    cases.add(Arguments.of(simd, ta, tb));
                }
            }
        }
        return cases.stream();
    }

    @Test
    void testsRunTheSimdPathWhenTheModuleIsPresent() {
        // The build passes --add-modules jdk.incubator.vector to the tests, so both paths are tested here.
        boolean module = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        boolean disabled = "false".equalsIgnoreCase(System.getProperty("dnnc.simd"))
                || System.getenv("DNNC_NO_SIMD") != null;
        assertEquals(module && !disabled, Gemm.SIMD, Gemm.implementation());
    }

    @ParameterizedTest(name = "transA={0} transB={1} m={2} n={3} k={4}")
    @MethodSource("transposesAndSizesOnly")
    void simdAndScalarPathsAgree(boolean ta, boolean tb, int m, int n, int k) {
        Assumptions.assumeTrue(Gemm.SIMD, "the SIMD path needs --add-modules jdk.incubator.vector");
        Random rnd = new Random(m * 13L + n * 3L + k);
        float[] a = random(rnd, m * k), b = random(rnd, k * n), c0 = random(rnd, m * n);
        double[] ref = reference(ta, tb, m, n, k, a, b, c0);
        for (boolean accumulate : new boolean[] {false, true}) {
            float[] scalar = c0.clone(), simd = c0.clone();
            Gemm.gemm(false, ta, tb, m, n, k, a, b, scalar, accumulate);
            Gemm.gemm(true, ta, tb, m, n, k, a, b, simd, accumulate);
            for (int e = 0; e < m * n; e++) {
                // Each is within a few roundings per product of the exact sum; so they are within twice that.
                double tol = 2e-6 * k * Math.max(ref[2 * e + 1], 1e-3) + 1e-6;
                assertEquals(scalar[e], simd[e], tol, "element " + e + " accumulate=" + accumulate);
            }
        }
    }

    static Stream<Arguments> transposesAndSizesOnly() {
        return transposesAndSizes().filter(x -> !(Boolean) x.get()[0])
                .map(x -> Arguments.of(x.get()[1], x.get()[2], x.get()[3], x.get()[4], x.get()[5]));
    }

    @Test
    void scalarPathRunsOnAJvmWithoutTheVectorModule() throws Exception {
        String javaCmd = ProcessHandle.current().info().command().orElse(
                System.getProperty("java.home") + "/bin/java");
        Process p = new ProcessBuilder(javaCmd, "-cp", System.getProperty("java.class.path"),
                ScalarOnlyCheck.class.getName()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), output);
        assertEquals("scalar ok", output.trim());
    }

    @ParameterizedTest(name = "simd={0} transA={1} transB={2} m={3} n={4} k={5}")
    @MethodSource("transposesAndSizes")
    void productMatchesDoublePrecisionReference(boolean simd, boolean ta, boolean tb, int m, int n, int k) {
        Random rnd = new Random(m * 31L + n * 7L + k);
        float[] a = random(rnd, m * k), b = random(rnd, k * n);
        float[] c = random(rnd, m * n); // garbage: must be overwritten
        Gemm.gemm(simd, ta, tb, m, n, k, a, b, c, false);
        assertClose(reference(ta, tb, m, n, k, a, b, null), c);
    }

    @ParameterizedTest(name = "simd={0} transA={1} transB={2} m={3} n={4} k={5}")
    @MethodSource("transposesAndSizes")
    void accumulateAddsProductToExistingValues(boolean simd, boolean ta, boolean tb, int m, int n, int k) {
        Random rnd = new Random(m * 17L + n * 5L + k);
        float[] a = random(rnd, m * k), b = random(rnd, k * n), c0 = random(rnd, m * n);
        float[] c = c0.clone();
        Gemm.gemm(simd, ta, tb, m, n, k, a, b, c, true);
        assertClose(reference(ta, tb, m, n, k, a, b, c0), c);
    }

    @ParameterizedTest(name = "simd={0} transA={1} transB={2} m={3} n={4} k={5}")
    @MethodSource("transposesAndSizes")
    void eachElementIsAFloatSumOfProductsInIncreasingKOrder(boolean simd, boolean ta, boolean tb, int m, int n,
            int k) {
        Random rnd = new Random(m + n * 3L + k * 11L);
        float[] a = random(rnd, m * k), b = random(rnd, k * n), c0 = random(rnd, m * n);
        for (boolean accumulate : new boolean[] {false, true}) {
            float[] c = c0.clone();
            Gemm.gemm(simd, ta, tb, m, n, k, a, b, c, accumulate);
            assertArrayEquals(sequentialFloat(simd, ta, tb, m, n, k, a, b, accumulate ? c0 : null), c);
        }
    }

    @ParameterizedTest(name = "simd={0} transA={1} transB={2}")
    @MethodSource("transposes")
    void leavesElementsBeyondMTimesNUntouched(boolean simd, boolean ta, boolean tb) {
        int m = 9, n = 17, k = 11;
        Random rnd = new Random(5);
        float[] a = random(rnd, m * k), b = random(rnd, k * n);
        for (boolean accumulate : new boolean[] {false, true}) {
            float[] c = new float[m * n + 40];
            Arrays.fill(c, 42f);
            Gemm.gemm(simd, ta, tb, m, n, k, a, b, c, accumulate);
            for (int i = m * n; i < c.length; i++) {
                assertEquals(42f, c[i], "c[" + i + "]");
            }
        }
    }

    @ParameterizedTest(name = "simd={0} transA={1} transB={2}")
    @MethodSource("transposes")
    void oneAndTwoThreadsGiveBitIdenticalResults(boolean simd, boolean ta, boolean tb) {
        // Split by rows, by columns (m small) and transposed (n small); all above the parallel threshold.
        int[][] sizes = {{130, 300, 520}, {4, 2000, 300}, {500, 7, 300}, {1024, 1024, 64}, {97, 101, 103}};
        for (int[] s : sizes) {
            int m = s[0], n = s[1], k = s[2];
            assertTrue((long) m * n * k >= Gemm.PARALLEL_MIN_WORK);
            Random rnd = new Random(m + n + k);
            float[] a = random(rnd, m * k), b = random(rnd, k * n), c0 = random(rnd, m * n);
            for (boolean accumulate : new boolean[] {false, true}) {
                Gemm.setThreads(1);
                float[] one = c0.clone();
                Gemm.gemm(simd, ta, tb, m, n, k, a, b, one, accumulate);
                Gemm.setThreads(2);
                float[] two = c0.clone();
                Gemm.gemm(simd, ta, tb, m, n, k, a, b, two, accumulate);
                assertArrayEquals(one, two, Arrays.toString(s) + " accumulate=" + accumulate);
            }
        }
    }

    @ParameterizedTest(name = "simd={0} transA={1} transB={2}")
    @MethodSource("transposes")
    void rowOfABatchEqualsTheSameRowComputedAlone(boolean simd, boolean ta, boolean tb) {
        int m = 128, k = 784;
        Random rnd = new Random(9);
        for (int n : new int[] {256, 100, 48, 10}) {
            float[] x = random(rnd, m * k), w = random(rnd, k * n), batch = new float[m * n], single = new float[n];
            float[] xt = ta ? transpose(x, m, k) : x;
            Gemm.gemm(simd, ta, tb, m, n, k, xt, tb ? transpose(w, k, n) : w, batch, false);
            for (int row : new int[] {0, 77, 127}) {
                Gemm.gemm(simd, false, tb, 1, n, k, Arrays.copyOfRange(x, row * k, row * k + k),
                        tb ? transpose(w, k, n) : w, single, false);
                assertArrayEquals(Arrays.copyOfRange(batch, row * n, row * n + n), single, "n=" + n + " row=" + row);
            }
        }
    }

    private static float[] transpose(float[] x, int rows, int cols) {
        float[] t = new float[x.length];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                t[j * rows + i] = x[i * cols + j];
            }
        }
        return t;
    }

    @Test
    void backToBackProductsWithDifferentChunkCountsShareTheWorkerSafely() {
        // Once failed: a worker holding a stale claim of the finished product raced the set-up of the next one.
        Gemm.setThreads(2);
        int[][] sizes = {{64, 300, 20}, {130, 100, 30}, {8, 1000, 40}, {700, 12, 40}};
        Random rnd = new Random(11);
        for (boolean simd : paths()) {
            float[][] as = new float[sizes.length][], bs = new float[sizes.length][], expected = new float[sizes.length][];
            for (int i = 0; i < sizes.length; i++) {
                int m = sizes[i][0], n = sizes[i][1], k = sizes[i][2];
                assertTrue((long) m * n * k >= Gemm.PARALLEL_MIN_WORK);
                as[i] = random(rnd, m * k);
                bs[i] = random(rnd, k * n);
                expected[i] = sequentialFloat(simd, false, false, m, n, k, as[i], bs[i], null);
            }
            for (int rep = 0; rep < 1500; rep++) {
                int i = rep % sizes.length;
                float[] c = new float[expected[i].length];
                Gemm.gemm(simd, false, false, sizes[i][0], sizes[i][1], sizes[i][2], as[i], bs[i], c, false);
                assertArrayEquals(expected[i], c, "rep " + rep);
            }
        }
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
        float[] expected = sequentialFloat(Gemm.SIMD, false, true, m, n, k, a, b, null);
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
        // Gemm.gemm on the default path; the scalar path when that is SIMD is checked below.
        checkNoAllocation(Gemm.SIMD);
        if (Gemm.SIMD) {
            checkNoAllocation(false);
        }
    }

    private static void checkNoAllocation(boolean simd) {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long self = Thread.currentThread().getId();
        int m = 128, n = 64, k = 100;
        Random rnd = new Random(4);
        float[] a = random(rnd, m * k), b = random(rnd, k * n), c = new float[m * n], small = new float[37];
        for (int rep = 0; rep < 2000; rep++) {
            callAllVariants(simd, m, n, k, a, b, c, small);
        }
        long before = mx.getThreadAllocatedBytes(self);
        for (int rep = 0; rep < 200; rep++) {
            callAllVariants(simd, m, n, k, a, b, c, small);
        }
        long allocated = mx.getThreadAllocatedBytes(self) - before;
        assertTrue(allocated < 1024, "allocated " + allocated + " bytes in 200 rounds");
    }

    private static void callAllVariants(boolean simd, int m, int n, int k, float[] a, float[] b, float[] c,
            float[] small) {
        Gemm.gemm(simd, false, false, m, n, k, a, b, c, false);
        Gemm.gemm(simd, true, false, m, n, k, a, b, c, true);
        Gemm.gemm(simd, false, true, m, n, k, a, b, c, false);
        Gemm.gemm(simd, true, true, m, n, k, a, b, c, true);
        Gemm.gemm(simd, false, false, 6, 5, 7, a, b, small, false);
        Gemm.gemm(simd, false, false, 1, 37, 11, a, b, small, false);
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
    static double[] reference(boolean ta, boolean tb, int m, int n, int k, float[] a, float[] b, float[] c0) {
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

    /** Each element as one chain in increasing k order: fused multiply-adds (SIMD path) or multiply then add. */
    static float[] sequentialFloat(boolean fma, boolean ta, boolean tb, int m, int n, int k, float[] a, float[] b,
            float[] c0) {
        float[] c = new float[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float s = c0 == null ? 0f : c0[i * n + j];
                for (int kk = 0; kk < k; kk++) {
                    float x = opA(ta, m, k, a, i, kk), y = opB(tb, n, k, b, kk, j);
                    s = fma ? Math.fma(x, y, s) : s + x * y;
                }
                c[i * n + j] = s;
            }
        }
        return c;
    }
}
