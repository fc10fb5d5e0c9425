package dnnc.runtime.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class LabelsTest {

    @Test
    void oneHotSetsTheLabelColumnOfEachRow() {
        float[] out = new float[3 * 4];
        Arrays.fill(out, 9f);
        Labels.oneHot(new float[] {2f, 0f, 3f}, 3, 4, out);
        assertArrayEquals(new float[] {0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 1}, out);
    }

    @Test
    void oneHotConvertsOnlyTheFirstNLabelsAndWritesOnlyNRows() {
        float[] out = new float[3 * 2];
        Arrays.fill(out, 9f);
        Labels.oneHot(new float[] {1f, 0f, 1f}, 2, 2, out);
        assertArrayEquals(new float[] {0, 1, 1, 0, 9, 9}, out);
    }

    @Test
    void oneHotGivesAZeroRowForALabelThatIsNotAClass() {
        float[] out = new float[4 * 3];
        Labels.oneHot(new float[] {3f, -1f, 1.5f, Float.NaN}, 4, 3, out);
        assertArrayEquals(new float[12], out);
    }

    @Test
    void argmaxReturnsTheColumnOfTheLargestValueInTheRow() {
        float[] x = {9f, 8f, 7f, /* row 1 */ 0.1f, 0.7f, 0.2f, /* row 2 */ -3f, -2f, -1f};
        assertEquals(0, Labels.argmax(x, 0, 3));
        assertEquals(1, Labels.argmax(x, 1, 3));
        assertEquals(2, Labels.argmax(x, 2, 3));
    }

    @Test
    void argmaxReturnsTheFirstOfEqualLargestValues() {
        assertEquals(1, Labels.argmax(new float[] {1f, 5f, 2f, 5f, 5f}, 0, 5));
    }

    @Test
    void argmaxOfAWidthOneRowIsZero() {
        assertEquals(0, Labels.argmax(new float[] {4f, 2f, 7f}, 2, 1));
    }
}
