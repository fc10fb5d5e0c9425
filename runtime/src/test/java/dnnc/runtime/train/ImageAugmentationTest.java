package dnnc.runtime.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dnnc.runtime.ModelSpec;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The augmentation of training images: what one shift or flip does to an image (expected images written out by
 * hand), and how the offsets and flips are drawn.
 */
class ImageAugmentationTest {
    /** A 1x3x4 image: rows 1 2 3 4 / 5 6 7 8 / 9 10 11 12. */
    private static final int[] SHAPE = {1, 3, 4};

    private static float[] image() {
        return new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
    }

    private static ImageAugmentation augmentation(int shift, boolean flip, int... shape) {
        return new ImageAugmentation(new ModelSpec.Augment(shift, flip), "x", shape);
    }

    private static float[] transformed(int dy, int dx, boolean mirror) {
        float[] x = image();
        augmentation(1, true, SHAPE).transform(x, 0, dy, dx, mirror);
        return x;
    }

    @Test
    void shiftDownByOneMovesEveryRowDownAndZeroesTheTopRow() {
        assertArrayEquals(new float[] {0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8}, transformed(1, 0, false));
    }

    @Test
    void shiftUpByOneZeroesTheBottomRow() {
        assertArrayEquals(new float[] {5, 6, 7, 8, 9, 10, 11, 12, 0, 0, 0, 0}, transformed(-1, 0, false));
    }

    @Test
    void shiftRightByOneZeroesTheLeftColumn() {
        assertArrayEquals(new float[] {0, 1, 2, 3, 0, 5, 6, 7, 0, 9, 10, 11}, transformed(0, 1, false));
    }

    @Test
    void shiftLeftByTwoZeroesTheTwoRightColumns() {
        assertArrayEquals(new float[] {3, 4, 0, 0, 7, 8, 0, 0, 11, 12, 0, 0}, transformed(0, -2, false));
    }

    @Test
    void diagonalShiftMovesBothAxes() {
        assertArrayEquals(new float[] {0, 0, 0, 0, 2, 3, 4, 0, 6, 7, 8, 0}, transformed(1, -1, false));
    }

    @Test
    void flipMirrorsEveryRow() {
        assertArrayEquals(new float[] {4, 3, 2, 1, 8, 7, 6, 5, 12, 11, 10, 9}, transformed(0, 0, true));
    }

    @Test
    void flipComesBeforeTheShift() {
        // mirrored: 4 3 2 1 / 8 7 6 5 / 12 11 10 9, then one column to the right
        assertArrayEquals(new float[] {0, 4, 3, 2, 0, 8, 7, 6, 0, 12, 11, 10}, transformed(0, 1, true));
    }

    @Test
    void noShiftAndNoFlipLeavesTheImageAlone() {
        assertArrayEquals(image(), transformed(0, 0, false));
    }

    @Test
    void allChannelsOfAnImageMoveTogether() {
        float[] x = {1, 2, 3, 4, 10, 20, 30, 40};   // 2x2x2: channel 0 then channel 1
        augmentation(1, true, 2, 2, 2).transform(x, 0, 1, 1, false);
        assertArrayEquals(new float[] {0, 0, 0, 1, 0, 0, 0, 10}, x);
    }

    @Test
    void eachImageOfABatchIsTransformedAtItsOwnOffset() {
        float[] batch = new float[24];
        System.arraycopy(image(), 0, batch, 12, 12);
        augmentation(1, true, SHAPE).transform(batch, 12, 0, 0, true);
        float[] expected = new float[24];
        System.arraycopy(new float[] {4, 3, 2, 1, 8, 7, 6, 5, 12, 11, 10, 9}, 0, expected, 12, 12);
        assertArrayEquals(expected, batch);
    }

    @Test
    void applyChangesOnlyTheFirstNImages() {
        float[] batch = new float[36];
        Arrays.fill(batch, 7f);
        augmentation(2, true, SHAPE).apply(batch, 2, new Rng(1));
        for (int i = 24; i < 36; i++) {
            assertEquals(7f, batch[i], "image 3 is not part of the batch");
        }
    }

    @Test
    void switchedOffSettingsMakeNoAugmentation() {
        ModelSpec.Tensor input = new ModelSpec.Tensor("x", 0, SHAPE);
        assertNull(ImageAugmentation.of(ModelSpec.Augment.NONE, input));
    }

    @Test
    void withoutFlipNoImageIsMirrored() {
        ImageAugmentation a = augmentation(1, false, SHAPE);
        Rng rng = new Rng(3);
        for (int i = 0; i < 1000; i++) {
            float[] x = image();
            a.apply(x, 1, rng);
            for (int row = 0; row < 3; row++) {
                float previous = 0;
                for (int col = 0; col < 4; col++) {
                    float v = x[row * 4 + col];
                    assertTrue(v == 0 || v > previous, "mirrored: " + Arrays.toString(x));
                    previous = Math.max(previous, v);
                }
            }
        }
    }

    @Test
    void aboutHalfOfTheImagesAreMirrored() {
        ImageAugmentation a = augmentation(0, true, 1, 1, 2);
        Rng rng = new Rng(11);
        int mirrored = 0;
        int draws = 20000;
        for (int i = 0; i < draws; i++) {
            float[] x = {1, 2};
            a.apply(x, 1, rng);
            mirrored += x[0] == 2 ? 1 : 0;
        }
        // 4 standard deviations of a fair coin over 20 000 draws: 0.014
        assertEquals(0.5, (double) mirrored / draws, 0.014);
    }

    @Test
    void everyOffsetFromMinusShiftToShiftOccursOnBothAxes() {
        // one bright pixel in the middle of a 5x5 image shows where the image moved
        ImageAugmentation a = augmentation(2, false, 1, 5, 5);
        Rng rng = new Rng(5);
        int[][] seen = new int[5][5];
        for (int i = 0; i < 5000; i++) {
            float[] x = new float[25];
            x[12] = 1;
            a.apply(x, 1, rng);
            int at = indexOf(x, 1f);
            seen[at / 5][at % 5]++;   // row 2 + dy, column 2 + dx
        }
        for (int[] row : seen) {
            for (int count : row) {
                // 200 expected in each of the 25 cells
                assertTrue(count > 120 && count < 280, Arrays.deepToString(seen));
            }
        }
    }

    @Test
    void theSameGeneratorStateGivesTheSameAugmentation() {
        float[] a = new float[36];
        float[] b = new float[36];
        for (int i = 0; i < 36; i++) {
            a[i] = b[i] = i;
        }
        augmentation(1, true, SHAPE).apply(a, 3, new Rng(9));
        augmentation(1, true, SHAPE).apply(b, 3, new Rng(9));
        assertArrayEquals(a, b);
    }

    @Test
    void applyAllocatesNothing() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long self = Thread.currentThread().getId();
        ImageAugmentation a = augmentation(3, true, 3, 28, 28);
        float[] batch = new float[16 * 3 * 28 * 28];
        Rng rng = new Rng(2);
        for (int i = 0; i < 2000; i++) {
            a.apply(batch, 16, rng);
        }
        long before = mx.getThreadAllocatedBytes(self);
        for (int i = 0; i < 200; i++) {
            a.apply(batch, 16, rng);
        }
        long allocated = mx.getThreadAllocatedBytes(self) - before;
        assertTrue(allocated < 1024, "allocated " + allocated + " bytes in 200 batches");
    }

    @Test
    void refusesAnInputThatIsNotAnImage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> augmentation(1, false, 784));
        assertEquals("augmentation needs an image input [C, H, W]; input x is [784]", e.getMessage());
    }

    @Test
    void refusesAShiftThatMovesTheWholeImageOutOfView() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> augmentation(3, false, 1, 3, 8));
        assertEquals("augmentation shift 3 must be below the image's height and width (3 and 8)", e.getMessage());
    }

    private static int indexOf(float[] x, float value) {
        for (int i = 0; i < x.length; i++) {
            if (x[i] == value) {
                return i;
            }
        }
        throw new AssertionError("no " + value + " in " + Arrays.toString(x));
    }
}
