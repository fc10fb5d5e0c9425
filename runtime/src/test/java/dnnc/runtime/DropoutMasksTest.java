package dnnc.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DropoutMasksTest {
    private static final int SIZE = 200_000;

    private static ModelSpec specWithMask(double rate) {
        return new ModelSpec("M", List.of(new ModelSpec.Slot(SIZE, true, rate)), null, null, List.of(), 0, List.of(),
                new ModelSpec.Train("sgd", Map.of(), 1, 1, 0), List.of());
    }

    @Test
    void trainingMasksDropTheRateAndKeepTheMeanAtOne() {
        float[][] table = {new float[SIZE]};
        DropoutMasks masks = new DropoutMasks(specWithMask(0.25));
        masks.reseed(1);
        masks.drawMasks(table, 1);
        int zeros = 0;
        double sum = 0;
        for (float v : table[0]) {
            zeros += v == 0 ? 1 : 0;
            sum += v;
        }
        assertEquals(0.25, zeros / (double) SIZE, 0.005);
        assertEquals(1.0, sum / SIZE, 0.01);
    }

    @Test
    void keptElementsAreScaledByTheInverseOfTheKeepRate() {
        float[][] table = {new float[SIZE]};
        new DropoutMasks(specWithMask(0.2)).drawMasks(table, 1);
        for (float v : table[0]) {
            assertEquals(true, v == 0f || v == 1.25f);
        }
    }

    @Test
    void evaluationMasksAreAllOnes() {
        float[][] table = {new float[SIZE]};
        DropoutMasks masks = new DropoutMasks(specWithMask(0.5));
        masks.drawMasks(table, 1);
        masks.keepAll(table);
        for (float v : table[0]) {
            assertEquals(1f, v);
        }
    }

    @Test
    void theSameSeedDrawsTheSameMasks() {
        float[][] a = {new float[SIZE]};
        float[][] b = {new float[SIZE]};
        DropoutMasks first = new DropoutMasks(specWithMask(0.5));
        DropoutMasks second = new DropoutMasks(specWithMask(0.5));
        first.reseed(9);
        second.reseed(9);
        first.drawMasks(a, 1);
        second.drawMasks(b, 1);
        org.junit.jupiter.api.Assertions.assertArrayEquals(a[0], b[0]);
    }
}
