package dnnc.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Update steps computed by hand from torch.optim.SGD's and torch.optim.Adam's formulas. */
class OptimizerTest extends OneParameterFixture {

    @Test
    void sgdSubtractsLearningRateTimesGradient() {
        Optimizer o = make("sgd", Map.of("lr", 0.1));
        p[0][0] = 1;
        step(o, 0.5f);
        assertEquals(0.95f, p[0][0], 1e-7);
    }

    @Test
    void sgdMomentumStartsItsBufferAtTheFirstGradient() {
        Optimizer o = make("sgd", Map.of("lr", 0.1, "momentum", 0.9));
        step(o, 1);
        assertEquals(-0.1f, p[0][0], 1e-7);
        step(o, 1); // buf = 0.9 * 1 + 1
        assertEquals(-0.29f, p[0][0], 1e-6);
    }

    @Test
    void sgdNesterovStepsWithGradientPlusMomentumTimesBuffer() {
        Optimizer o = make("sgd", Map.of("lr", 0.1, "momentum", 0.9, "nesterov", 1.0));
        step(o, 1); // buf = 1, d = 1 + 0.9
        assertEquals(-0.19f, p[0][0], 1e-7);
        step(o, 1); // buf = 1.9, d = 1 + 0.9 * 1.9
        assertEquals(-0.461f, p[0][0], 1e-6);
    }

    @Test
    void sgdWeightDecayAddsDecayTimesParameterToTheGradient() {
        Optimizer o = make("sgd", Map.of("lr", 0.5, "weight_decay", 0.1));
        p[0][0] = 2;
        step(o, 0);
        assertEquals(1.9f, p[0][0], 1e-6);
    }

    @Test
    void adamFirstStepMovesByLearningRateWhateverTheGradientScale() {
        Optimizer o = make("adam", Map.of("lr", 0.1));
        step(o, 2); // m-hat = 2, v-hat = 4
        assertEquals(-0.1f, p[0][0], 1e-6);
    }

    /** Every optimizer, with its options that add per-element state. */
    static Stream<Arguments> optimizers() {
        return Stream.of(Arguments.of("sgd", Map.of("lr", 0.1, "momentum", 0.9, "nesterov", 1.0)),
                Arguments.of("adam", Map.of("lr", 0.1, "weight_decay", 0.01)), Arguments.of("adamw", Map.of("lr", 0.1)),
                Arguments.of("rmsprop", Map.of("lr", 0.01, "momentum", 0.5, "centered", 1.0)),
                Arguments.of("adagrad", Map.of("lr", 0.1, "lr_decay", 0.01)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void largeParametersAreUpdatedElementByElementAsOneAlone(String name, Map<String, Double> args) {
        // 100 000 elements: split between the threads; each must get the one-element update exactly
        int size = 100_000;
        float[][] big = {new float[size]}, bigGrad = {new float[size]};
        java.util.Random random = new java.util.Random(1);
        for (int i = 0; i < size; i++) {
            big[0][i] = (float) random.nextGaussian();
            bigGrad[0][i] = (float) random.nextGaussian();
        }
        float[] start = big[0].clone();
        Optimizer o = Optimizer.create(name, args, big, bigGrad);
        o.step();
        o.step();
        for (int i = 0; i < size; i += 997) {
            float[][] one = {{start[i]}}, oneGrad = {{bigGrad[0][i]}};
            Optimizer alone = Optimizer.create(name, args, one, oneGrad);
            alone.step();
            alone.step();
            assertEquals(one[0][0], big[0][i], "element " + i);
        }
        assertEquals(size - 1, lastChanged(start, big[0]), "the last element was updated too");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void manyParametersAreUpdatedAsOneRangeElementByElementAsEachAlone(String name, Map<String, Double> args) {
        // the MLP's shapes: one large parameter, then smaller ones that fall in the last of the range's chunks
        int[] sizes = {200_704, 256, 32_768, 128, 12_800, 100, 1_000, 10};
        float[][] params = new float[sizes.length][], grads = new float[sizes.length][];
        float[][] starts = new float[sizes.length][];
        java.util.Random random = new java.util.Random(2);
        for (int k = 0; k < sizes.length; k++) {
            params[k] = new float[sizes[k]];
            grads[k] = new float[sizes[k]];
            for (int i = 0; i < sizes[k]; i++) {
                params[k][i] = (float) random.nextGaussian();
                grads[k][i] = (float) random.nextGaussian();
            }
            starts[k] = params[k].clone();
        }
        Optimizer o = Optimizer.create(name, args, params, grads);
        o.step();
        o.step();
        for (int k = 0; k < sizes.length; k++) {
            float[][] alone = {starts[k].clone()};
            Optimizer each = Optimizer.create(name, args, alone, new float[][] {grads[k]});
            each.step();
            each.step();
            org.junit.jupiter.api.Assertions.assertArrayEquals(alone[0], params[k], "parameter " + k);
        }
    }

    private static int lastChanged(float[] before, float[] after) {
        int last = -1;
        for (int i = 0; i < before.length; i++) {
            if (before[i] != after[i]) {
                last = i;
            }
        }
        return last;
    }

    @Test
    void adamSecondStepUsesPyTorchBiasCorrection() {
        Optimizer o = make("adam", Map.of("lr", 0.1));
        step(o, 2);
        step(o, -1);
        assertEquals(-0.12663370379756847, p[0][0], 1e-6);
    }

    @Test
    void adamWeightDecayIsAddedToTheGradient() {
        Optimizer o = make("adam", Map.of("lr", 0.1, "weight_decay", 0.5));
        p[0][0] = 1;
        step(o, 0);
        assertEquals(0.9f, p[0][0], 1e-6);
    }

    @Test
    void adamDefaultsItsLearningRateToOneThousandth() {
        Optimizer o = make("adam", Map.of());
        step(o, 3);
        assertEquals(-0.001f, p[0][0], 1e-7);
    }

    @Test
    void unknownOptimizerIsNamedInTheError() {
        OptimizerException e = assertThrows(OptimizerException.class, () -> make("nadam", Map.of()));
        assertEquals("unknown optimizer 'nadam' (expected sgd, adagrad, rmsprop, adam or adamw)", e.getMessage());
    }

    @Test
    void unknownArgumentIsNamedWithTheValidOnes() {
        OptimizerException e = assertThrows(OptimizerException.class,
                () -> make("sgd", Map.of("lr", 0.1, "momentun", 0.9)));
        assertTrue(e.getMessage().contains("sgd has no argument momentun"), e.getMessage());
        assertTrue(e.getMessage().contains("momentum"), e.getMessage());
    }

    @Test
    void sgdDefaultsItsLearningRateToPyTorchsOneThousandth() {
        Optimizer o = make("sgd", Map.of());
        step(o, 2);
        assertEquals(-0.002f, p[0][0], 1e-7);
    }

    @Test
    void outOfRangeValuesAreRejected() {
        assertThrows(OptimizerException.class, () -> make("adam", Map.of("beta1", 1.0)));
        assertThrows(OptimizerException.class, () -> make("sgd", Map.of("lr", -1.0)));
        assertThrows(OptimizerException.class, () -> make("sgd", Map.of("lr", 0.1, "nesterov", 0.5)));
        assertThrows(OptimizerException.class, () -> make("sgd", Map.of("lr", 0.1, "nesterov", 1.0)));
    }
}
