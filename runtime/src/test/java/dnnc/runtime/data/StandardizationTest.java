package dnnc.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class StandardizationTest {
    private static Dataset rows(float... x) {
        return new Dataset("t", x.length / 2, 2, x, 0, new float[0]);
    }

    @Test
    void measuresMeanAndPopulationStandardDeviationPerFeature() {
        Standardization s = Standardization.of(rows(1, 10, 3, 10));
        assertArrayEquals(new float[] {2, 10}, s.mean());
        assertArrayEquals(new float[] {1, 1}, s.std()); // the constant feature keeps std 1
    }

    @Test
    void appliesTheTrainingStatisticsToOtherData() {
        Standardization s = Standardization.of(rows(1, 0, 3, 4));
        Dataset other = rows(5, 2);
        s.apply(other);
        assertArrayEquals(new float[] {3, 0}, other.features());
    }
}
