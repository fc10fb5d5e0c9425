package dnnc.runtime.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A convolution's columns on the SIMD path (every tap read as the input shifted, with a table of the positions
 * inside) against the plain loops per tap and row, for several examples side by side (the first and last read at
 * the ends of their arrays).
 */
class ColumnsTest {
    private static final int EXAMPLES = 3;

    @BeforeEach
    void needsTheVectorApi() {
        Assumptions.assumeTrue(Gemm.SIMD, "the SIMD path needs --add-modules jdk.incubator.vector");
    }

    @AfterEach
    void restore() {
        Columns.simd = Gemm.SIMD;
    }

    @ParameterizedTest(name = "c={0} h={1} w={2} kh={3} kw={4} pad={5}")
    @CsvSource({"16,14,14,3,3,1", "1,28,28,3,3,1", "2,7,7,5,5,2", "3,5,4,3,3,1", "2,9,9,1,1,0", "2,3,40,3,3,1",
        "1,4,4,3,3,1", "2,6,8,1,3,1", "1,2,2,3,3,1", "2,5,17,3,3,1"})
    void foldingAllTapsAtOnceGivesTheFloatsOfOnePassPerTap(int c, int h, int wd, int kh, int kw, int pad) {
        int positions = Conv2d.outSize(h, kh, 1, pad) * Conv2d.outSize(wd, kw, 1, pad);
        int span = EXAMPLES * positions, plane = c * h * wd;
        float[] columns = Conv2dTest.random(c * kh * kw * span, 3);
        float[] perTap = new float[EXAMPLES * plane + 1], allTaps = new float[perTap.length];
        Arrays.fill(allTaps, 77f);
        float[] table = new float[Columns.tableLength(h, wd, kh, kw, pad)];
        for (int j = 0; j < EXAMPLES; j++) {
            Columns.simd = false;
            Columns.fold(columns, j * positions, span, perTap, j * plane, c, h, wd, kh, kw, 1, pad, table);
            Columns.simd = true;
            Columns.fold(columns, j * positions, span, allTaps, j * plane, c, h, wd, kh, kw, 1, pad, table);
        }
        assertArrayEquals(Arrays.copyOf(perTap, EXAMPLES * plane), Arrays.copyOf(allTaps, EXAMPLES * plane));
        assertEquals(77f, allTaps[EXAMPLES * plane], "written past the last example");
    }

    @ParameterizedTest(name = "c={0} h={1} w={2} kh={3} kw={4} pad={5}")
    @CsvSource({"16,14,14,3,3,1", "1,28,28,3,3,1", "2,7,7,5,5,2", "3,5,4,3,3,1", "2,9,9,1,1,0", "2,3,40,3,3,1",
        "1,4,4,3,3,1", "2,6,8,1,3,1", "1,2,2,3,3,1", "2,5,17,3,3,1"})
    void unfoldingByShiftedPlanesGivesEveryTapItsInputValue(int c, int h, int wd, int kh, int kw, int pad) {
        int positions = Conv2d.outSize(h, kh, 1, pad) * Conv2d.outSize(wd, kw, 1, pad);
        int span = EXAMPLES * positions, plane = c * h * wd;
        float[] x = Conv2dTest.random(EXAMPLES * plane, 4);
        float[] byRows = new float[c * kh * kw * span + 1], shifted = new float[byRows.length];
        Arrays.fill(shifted, 77f);
        float[] table = new float[Columns.tableLength(h, wd, kh, kw, pad)];
        for (int j = 0; j < EXAMPLES; j++) {
            Columns.simd = false;
            Columns.unfold(x, j * plane, byRows, j * positions, span, c, h, wd, kh, kw, 1, pad, table);
            Columns.simd = true;
            Columns.unfold(x, j * plane, shifted, j * positions, span, c, h, wd, kh, kw, 1, pad, table);
        }
        // equal as numbers: a value from the padding is the input times 0, -0 for a negative one
        assertArrayEquals(Arrays.copyOf(byRows, byRows.length - 1), Arrays.copyOf(shifted, byRows.length - 1), 0f);
        assertEquals(77f, shifted[byRows.length - 1], "written past the last row");
    }

    @ParameterizedTest(name = "n={0} c={1} h={2} w={3} k={4} pad={5} o={6}")
    @CsvSource({"5,16,14,14,3,1,32", "3,1,28,28,3,1,16", "4,2,7,7,5,2,3", "3,3,5,4,3,1,4"})
    void filterGradientIsTheSameFloatsWithEitherUnfolding(int n, int c, int h, int w, int k, int pad, int o) {
        int positions = Conv2d.outSize(h, k, 1, pad) * Conv2d.outSize(w, k, 1, pad);
        float[] x = Conv2dTest.random(n * c * h * w, 5), g = Conv2dTest.random(n * o * positions, 6);
        float[] byRows = new float[o * c * k * k], shifted = new float[byRows.length];
        Columns.simd = false;
        Conv2d.backwardWeight(x, g, byRows, n, c, h, w, o, k, k, 1, pad);
        Columns.simd = true;
        Conv2d.backwardWeight(x, g, shifted, n, c, h, w, o, k, k, 1, pad);
        assertArrayEquals(byRows, shifted);
    }

    /** The tables are kept between calls, and a vector the JIT fails to keep in registers would be boxed. */
    @org.junit.jupiter.api.Test
    void theBackwardPassesAllocateNothingAfterWarmUp() {
        com.sun.management.ThreadMXBean mx =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long self = Thread.currentThread().getId();
        int n = 2, c = 3, o = 5, h = 9, w = 11;
        float[] x = Conv2dTest.random(n * c * h * w, 7), wt = Conv2dTest.random(o * c * 9, 8);
        float[] g = Conv2dTest.random(n * o * h * w, 9), dw = new float[wt.length], dx = new float[x.length];
        Runnable both = () -> {
            Conv2d.backwardWeight(x, g, dw, n, c, h, w, o, 3, 3, 1, 1);
            Conv2d.backwardInput(g, wt, dx, n, c, h, w, o, 3, 3, 1, 1);
        };
        long allocated = -1;
        // warm-up ends when the JIT has compiled everything, which takes longer on a busy machine
        for (int round = 0; round < 100 && allocated != 0; round++) {
            for (int rep = 0; rep < 1000; rep++) {
                both.run();
            }
            long before = mx.getThreadAllocatedBytes(self);
            for (int rep = 0; rep < 100; rep++) {
                both.run();
            }
            allocated = mx.getThreadAllocatedBytes(self) - before;
        }
        assertEquals(0, allocated, "bytes allocated by 100 calls of each after 100 000");
    }
}
