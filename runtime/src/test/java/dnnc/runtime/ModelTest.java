package dnnc.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dnnc.runtime.data.DataException;
import dnnc.runtime.data.Dataset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelTest {

    @Test
    void sameSeedGivesTheSameInitialParameters() {
        Model a = new Model(new SoftmaxKernel(5, 3));
        Model b = new Model(new SoftmaxKernel(5, 3));
        a.initialize(42);
        b.initialize(42);
        assertArrayEquals(a.parameter(0), b.parameter(0));
        b.initialize(43);
        assertFalse(Arrays.equals(a.parameter(0), b.parameter(0)));
    }

    @Test
    void initializersFollowTheirKindAndArguments() {
        Model m = new Model(new SoftmaxKernel(100, 50));
        m.initialize(1);
        float[] w = m.parameter(0);
        double mean = 0;
        double sq = 0;
        for (float v : w) {
            mean += v;
            sq += v * v;
        }
        mean /= w.length;
        double std = Math.sqrt(sq / w.length - mean * mean);
        assertEquals(0, mean, 0.01);
        assertEquals(0.1, std, 0.01);
        assertTrue(Arrays.equals(m.parameter(1), new float[50]), "constant(0) bias");

        Model lin = new Model(new LinearRegressionKernel(1000));
        lin.initialize(1);
        for (float v : lin.parameter(0)) {
            assertTrue(v >= -0.5 && v < 0.5, "uniform(-0.5, 0.5) gave " + v);
        }
    }

    @Test
    void tablesShareParameterArraysButOwnEverythingElse() {
        Model m = new Model(new LinearRegressionKernel(3));
        float[][] t1 = m.newTable(4);
        float[][] t2 = m.newTable(8);
        assertSame(m.parameter(0), t1[4]);
        assertSame(t1[4], t2[4]);
        assertFalse(t1[5] == t2[5], "gradients belong to one table");
        assertEquals(12, t1[0].length);
        assertEquals(4, m.maxBatch(t1));
    }

    @Test
    void setParametersWithAWrongSizeChangesNothing() {
        Model m = new Model(new LinearRegressionKernel(3));
        m.initialize(5);
        float[][] before = m.copyParameters();
        assertThrows(IllegalArgumentException.class, () -> m.setParameters(new float[][] {{1, 2, 3}, {1, 2}}));
        assertArrayEquals(before[0], m.parameter(0));
        assertArrayEquals(before[1], m.parameter(1));
    }

    @Test
    void predictConcatenatesOutputsPerRowAcrossBatches() {
        Model m = new Model(new LinearRegressionKernel(2));
        m.setParameters(new float[][] {{1, 10}, {0.5f}});
        Dataset rows = new Dataset("rows", 3, 2, new float[] {1, 0, 0, 1, 2, 3}, 0, new float[0]);
        assertArrayEquals(new float[] {1.5f, 10.5f, 32.5f}, m.predict(rows, 2));
    }

    @Test
    void evaluateWeightsEachBatchLossByItsSize() {
        Model m = new Model(new LinearRegressionKernel(1));
        m.setParameters(new float[][] {{0}, {0}});
        // Errors 1, 2, 3: mean squared error (1 + 4 + 9) / 3, however the batches split.
        Dataset d = new Dataset("d", 3, 1, new float[] {0, 0, 0}, 1, new float[] {1, 2, 3});
        Evaluation e = m.evaluate(d, 2);
        assertEquals(14.0 / 3, e.loss(), 1e-6);
        assertEquals(3, e.examples());
        assertNull(e.accuracy(), "targets are not all 0 or 1");
    }

    @Test
    void dataWithTheWrongNumberOfFeaturesIsRejectedWithItsSource() {
        Model m = new Model(new LinearRegressionKernel(3));
        Dataset d = new Dataset("points.csv", 1, 2, new float[2], 1, new float[1]);
        DataException e = assertThrows(DataException.class, () -> m.evaluate(d, 4));
        assertTrue(e.getMessage().startsWith("points.csv: 2 features"), e.getMessage());
    }

    @Test
    void labelsOutsideTheClassesAreRejected() {
        Model m = new Model(new SoftmaxKernel(1, 3));
        Dataset d = new Dataset("labels", 2, 1, new float[2], 1, new float[] {0, 3});
        DataException e = assertThrows(DataException.class, () -> m.evaluate(d, 4));
        assertTrue(e.getMessage().contains("example 2 has label 3"), e.getMessage());
    }

    @Test
    void anInconsistentSpecIsRejectedNamingTheSlot() {
        ModelSpec good = LinearRegressionKernel.spec(3, "m", new ModelSpec.Train("sgd", Map.of(), 1, 1, 1),
                List.of());
        List<ModelSpec.Slot> slots = new java.util.ArrayList<>(good.slots());
        slots.set(4, new ModelSpec.Slot(2, false));
        ModelSpec bad = new ModelSpec("m", slots, good.input(), good.target(), good.outputs(), good.lossSlot(),
                good.params(), good.train(), good.data());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Model(new LinearRegressionKernel(3), bad));
        assertTrue(e.getMessage().contains("parameter W needs 3 floats"), e.getMessage());
    }

    @Test
    void aSpecThatAugmentsAnInputThatIsNoImageIsRejected() {
        ModelSpec.Train augmented = new ModelSpec.Train("sgd", Map.of(), 1, 1, 1)
                .withAugment(new ModelSpec.Augment(1, true));
        ModelSpec bad = LinearRegressionKernel.spec(3, "m", augmented, List.of());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Model(new LinearRegressionKernel(3), bad));
        assertTrue(e.getMessage().contains("augmentation needs an image input [C, H, W]; input x is [3]"),
                e.getMessage());
    }
}
