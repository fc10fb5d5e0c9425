package dnnc.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dnnc.runtime.ModelSpec;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Learning rates per epoch, computed by hand from the formulas of PyTorch's schedulers. */
class LearningRateScheduleTest {
    private static LearningRateSchedule schedule(String kind, Map<String, Double> args, int warmup, int epochs) {
        return new LearningRateSchedule(new ModelSpec.Schedule(kind, args, warmup), 1.0, epochs);
    }

    private static void assertRates(LearningRateSchedule s, double... expected) {
        for (int e = 0; e < expected.length; e++) {
            assertEquals(expected[e], s.at(e), 1e-12, "epoch " + e);
        }
    }

    @Test
    void constantKeepsTheBaseRate() {
        assertRates(schedule("constant", Map.of(), 0, 3), 1, 1, 1);
    }

    @Test
    void stepMultipliesByGammaEveryNEpochs() {
        assertRates(schedule("step", Map.of("every", 2.0, "gamma", 0.5), 0, 6), 1, 1, 0.5, 0.5, 0.25, 0.25);
    }

    @Test
    void stepGammaDefaultsToOneTenth() {
        assertRates(schedule("step", Map.of("every", 1.0), 0, 3), 1, 0.1, 0.01);
    }

    @Test
    void exponentialMultipliesByGammaEveryEpoch() {
        assertRates(schedule("exponential", Map.of("gamma", 0.9), 0, 3), 1, 0.9, 0.81);
    }

    @Test
    void cosineFollowsHalfACosineToZeroAndStaysThere() {
        assertRates(schedule("cosine", Map.of("epochs", 4.0), 0, 6),
                1, (1 + Math.cos(Math.PI / 4)) / 2, 0.5, (1 + Math.cos(3 * Math.PI / 4)) / 2, 0, 0);
    }

    @Test
    void cosineEndsAtMinLr() {
        assertRates(schedule("cosine", Map.of("epochs", 2.0, "min_lr", 0.1), 0, 3), 1, 0.55, 0.1);
    }

    @Test
    void cosineWithoutEpochsSpansTheWholeRun() {
        assertRates(schedule("cosine", Map.of(), 0, 4), 1, (1 + Math.cos(Math.PI / 4)) / 2, 0.5);
    }

    @Test
    void warmupRisesLinearlyThenHandsOver() {
        assertRates(schedule("constant", Map.of(), 4, 6), 0.25, 0.5, 0.75, 1, 1, 1);
    }

    @Test
    void warmupThenCosineSpansTheEpochsAfterTheWarmup() {
        // 6 epochs, 2 of warm-up: the cosine runs over the remaining 4
        assertRates(schedule("cosine", Map.of(), 2, 6), 0.5, 1, 1, (1 + Math.cos(Math.PI / 4)) / 2, 0.5);
    }

    @Test
    void unknownKindIsRefused() {
        assertThrows(OptimizerException.class, () -> schedule("linear", Map.of(), 0, 3));
    }
}
