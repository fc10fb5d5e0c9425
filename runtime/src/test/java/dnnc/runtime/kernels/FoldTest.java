package dnnc.runtime.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The fold of a convolution's columns back onto its input: the SIMD path's sum over all taps at once gives the
 * floats of the plain pass per tap, for every example of a group side by side (the first and last read at the
 * ends of the columns' array).
 */
class FoldTest {
    private static final int EXAMPLES = 3;

    @AfterEach
    void restore() {
        Fold.simd = Gemm.SIMD;
    }

    @ParameterizedTest(name = "c={0} h={1} w={2} kh={3} kw={4} pad={5}")
    @CsvSource({"16,14,14,3,3,1", "1,28,28,3,3,1", "2,7,7,5,5,2", "3,5,4,3,3,1", "2,9,9,1,1,0", "2,3,40,3,3,1",
        "1,4,4,3,3,1", "2,6,8,1,3,1", "1,2,2,3,3,1", "2,5,17,3,3,1"})
    void allTapsAtOnceGiveTheFloatsOfOnePassPerTap(int c, int h, int wd, int kh, int kw, int pad) {
        Assumptions.assumeTrue(Gemm.SIMD, "the SIMD path needs --add-modules jdk.incubator.vector");
        int positions = Conv2d.outSize(h, kh, 1, pad) * Conv2d.outSize(wd, kw, 1, pad);
        int span = EXAMPLES * positions, plane = c * h * wd;
        float[] columns = Conv2dTest.random(c * kh * kw * span, 3);
        float[] perTap = new float[EXAMPLES * plane + 1], allTaps = new float[perTap.length];
        Arrays.fill(allTaps, 77f);
        float[] table = new float[Fold.tableLength(h, wd, kh, kw)];
        for (int j = 0; j < EXAMPLES; j++) {
            Fold.simd = false;
            Fold.fold(columns, j * positions, span, perTap, j * plane, c, h, wd, kh, kw, 1, pad, table);
            Fold.simd = true;
            Fold.fold(columns, j * positions, span, allTaps, j * plane, c, h, wd, kh, kw, 1, pad, table);
        }
        assertArrayEquals(Arrays.copyOf(perTap, EXAMPLES * plane), Arrays.copyOf(allTaps, EXAMPLES * plane));
        assertEquals(77f, allTaps[EXAMPLES * plane], "written past the last example");
    }
}
