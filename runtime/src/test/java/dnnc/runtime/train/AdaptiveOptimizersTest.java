package dnnc.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Update steps of adagrad, rmsprop and adamw computed by hand from the formulas of torch.optim.Adagrad,
 * torch.optim.RMSprop and torch.optim.AdamW, starting from p = 0 (or as stated).
 */
class AdaptiveOptimizersTest extends OneParameterFixture {

    @Test
    void adagradDividesByTheRootOfTheSummedSquares() {
        Optimizer o = make("adagrad", Map.of("lr", 0.1));
        step(o, 2); // sum = 4: p = -0.1 * 2 / 2
        assertEquals(-0.1f, p[0][0], 1e-7);
        step(o, 1); // sum = 5: p -= 0.1 / sqrt(5)
        assertEquals(-0.1 - 0.1 / Math.sqrt(5), p[0][0], 1e-7);
    }

    @Test
    void adagradLearningRateDecaysWithTheStepCount() {
        Optimizer o = make("adagrad", Map.of("lr", 0.1, "lr_decay", 0.5));
        step(o, 1);
        step(o, 1); // clr = 0.1 / 1.5, sum = 2
        assertEquals(-0.1 - 0.1 / 1.5 / Math.sqrt(2), p[0][0], 1e-7);
    }

    @Test
    void adagradDefaultsMatchPyTorch() {
        Optimizer o = make("adagrad", Map.of());
        step(o, 3); // lr 0.01: -0.01 * 3 / (3 + 1e-10)
        assertEquals(-0.01f, p[0][0], 1e-8);
    }

    @Test
    void rmspropDividesByTheRootOfTheRunningMeanSquare() {
        Optimizer o = make("rmsprop", Map.of()); // lr 0.01, alpha 0.99
        step(o, 1); // sq = 0.01, avg = 0.1
        assertEquals(-0.1f, p[0][0], 1e-6);
        step(o, 1); // sq = 0.0199
        assertEquals(-0.1 - 0.01 / Math.sqrt(0.0199), p[0][0], 1e-6);
    }

    @Test
    void rmspropMomentumAccumulatesScaledGradientsFromZero() {
        Optimizer o = make("rmsprop", Map.of("momentum", 0.9));
        step(o, 1); // buf = 10
        step(o, 1); // buf = 9 + 1 / sqrt(0.0199)
        assertEquals(-0.1 - 0.01 * (9 + 1 / Math.sqrt(0.0199)), p[0][0], 1e-6);
    }

    @Test
    void rmspropCenteredSubtractsTheSquaredMeanGradient() {
        Optimizer o = make("rmsprop", Map.of("centered", 1.0));
        step(o, 1); // sq = 0.01, mean = 0.01: avg = sqrt(0.0099)
        assertEquals(-0.01 / Math.sqrt(0.0099), p[0][0], 1e-6);
    }

    @Test
    void adamwDecaysTheParameterDirectlyNotThroughTheGradient() {
        Optimizer o = make("adamw", Map.of("lr", 0.1, "weight_decay", 0.5));
        p[0][0] = 1;
        step(o, 0); // p = 1 * (1 - 0.1 * 0.5); m = v = 0, so Adam adds nothing
        assertEquals(0.95f, p[0][0], 1e-7);
    }

    @Test
    void adamwDefaultWeightDecayIsOneHundredth() {
        Optimizer o = make("adamw", Map.of());
        p[0][0] = 1;
        step(o, 0); // p = 1 - 1e-3 * 0.01
        assertEquals(0.99999f, p[0][0], 1e-7);
    }

    @Test
    void adamwSecondStepMatchesAdamAfterTheDecay() {
        Optimizer o = make("adamw", Map.of("lr", 0.1, "weight_decay", 0.1));
        p[0][0] = 1;
        step(o, 2); // p = 0.99 - 0.1
        step(o, -1); // p = p * 0.99 - 0.1 * 0.2663370379756847 (Adam's second step from OptimizerTest)
        double first = 0.99 - 0.1;
        assertEquals(first * 0.99 - (0.12663370379756847 - 0.1), p[0][0], 1e-6);
    }

    @Test
    void stateArraysAndStepsAreWhatACheckpointNeeds() {
        Optimizer o = make("adam", Map.of());
        step(o, 1);
        assertEquals(1, o.steps());
        assertEquals(2, o.state().length); // m and v
        assertEquals(0.1f, o.state()[0][0], 1e-7);
    }
}
