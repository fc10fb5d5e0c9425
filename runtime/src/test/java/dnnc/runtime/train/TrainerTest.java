package dnnc.runtime.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dnnc.runtime.LinearRegressionKernel;
import dnnc.runtime.Model;
import dnnc.runtime.ModelSpec;
import dnnc.runtime.SoftmaxKernel;
import dnnc.runtime.SyntheticData;
import dnnc.runtime.data.Dataset;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrainerTest {
    private static final Dataset LINEAR = SyntheticData.linear(500, new float[] {2, -3}, 0.5f, 0.1, 11);

    private static ModelSpec.Train sgd(double lr, int epochs, int batch, long seed) {
        return new ModelSpec.Train("sgd", Map.of("lr", lr), epochs, batch, seed);
    }

    private static Model trainLinear(ModelSpec.Train settings, List<EpochStats> history) {
        Model m = new Model(new LinearRegressionKernel(2));
        m.initialize(settings.seed());
        history.addAll(new Trainer(m, settings, null).fit(LINEAR, null));
        return m;
    }

    @Test
    void linearRegressionLossFallsAndWeightsApproachLeastSquares() {
        List<EpochStats> history = new java.util.ArrayList<>();
        Model m = trainLinear(sgd(0.1, 60, 16, 7), history);
        assertTrue(history.get(history.size() - 1).loss() < history.get(0).loss() / 10, history.toString());
        double[] exact = leastSquares(LINEAR);
        assertEquals(exact[0], m.parameter(0)[0], 0.02);
        assertEquals(exact[1], m.parameter(0)[1], 0.02);
        assertEquals(exact[2], m.parameter(1)[0], 0.02);
    }

    @Test
    void sameSeedGivesBitIdenticalWeights() {
        Model a = trainLinear(sgd(0.05, 5, 7, 99), new java.util.ArrayList<>());
        Model b = trainLinear(sgd(0.05, 5, 7, 99), new java.util.ArrayList<>());
        for (int i = 0; i < 2; i++) {
            assertArrayEquals(a.parameter(i), b.parameter(i));
        }
    }

    @Test
    void differentSeedsShuffleDifferently() {
        Model a = new Model(new LinearRegressionKernel(2));
        Model b = new Model(new LinearRegressionKernel(2));
        a.initialize(1);
        b.initialize(1);
        new Trainer(a, sgd(0.05, 2, 7, 1), null).fit(LINEAR, null);
        new Trainer(b, sgd(0.05, 2, 7, 2), null).fit(LINEAR, null);
        assertFalse(Arrays.equals(a.parameter(0), b.parameter(0)));
    }

    @Test
    void divergingLossStopsTrainingNamingEpochAndStep() {
        Model m = new Model(new LinearRegressionKernel(2));
        m.initialize(1);
        Trainer t = new Trainer(m, sgd(1e6, 3, 4, 1), null);
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> t.fit(LINEAR, null));
        assertTrue(e.getMessage().matches("the loss became (NaN|Infinity) at epoch 1, step \\d+;.*"),
                e.getMessage());
    }

    @Test
    void classifierReportsTrainAndTestAccuracy() {
        Model m = new Model(new SoftmaxKernel(2, 2));
        m.initialize(3);
        List<EpochStats> history = new Trainer(m, m.spec().train(), null)
                .fit(SyntheticData.separable(400, 1), SyntheticData.separable(100, 2));
        EpochStats last = history.get(history.size() - 1);
        assertTrue(last.trainAccuracy() > 0.95, last.toString());
        assertTrue(last.testAccuracy() > 0.95, last.toString());
        assertNotNull(last.testLoss());
    }

    @Test
    void regressionHasNoAccuracyAndNoTestWithoutTestSet() {
        List<EpochStats> history = new java.util.ArrayList<>();
        trainLinear(sgd(0.1, 1, 16, 7), history);
        assertNull(history.get(0).trainAccuracy());
        assertNull(history.get(0).testLoss());
        assertNull(history.get(0).testAccuracy());
    }

    @Test
    void printsOneLinePerEpoch() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Model m = new Model(new LinearRegressionKernel(2));
        m.initialize(1);
        new Trainer(m, sgd(0.1, 3, 64, 1), new PrintStream(bytes, true, StandardCharsets.UTF_8))
                .fit(LINEAR, LINEAR);
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(3, lines.length);
        assertTrue(lines[2].startsWith("epoch 3/3  loss "), lines[2]);
        assertTrue(lines[2].contains("test_loss") && lines[2].endsWith("samples/s"), lines[2]);
    }

    @Test
    void lastBatchMayBeSmallerThanTheBatchSize() {
        Dataset ten = SyntheticData.linear(10, new float[] {1, 1}, 0, 0, 5);
        Model m = new Model(new LinearRegressionKernel(2));
        m.initialize(1);
        List<EpochStats> h = new Trainer(m, sgd(0.1, 1, 4, 1), null).fit(ten, null);
        assertTrue(Double.isFinite(h.get(0).loss()));
    }

    /** Solves the normal equations for [w0, w1, bias]. */
    private static double[] leastSquares(Dataset d) {
        double[][] a = new double[3][4];
        for (int i = 0; i < d.size(); i++) {
            double[] row = {d.features()[2 * i], d.features()[2 * i + 1], 1};
            for (int r = 0; r < 3; r++) {
                for (int c = 0; c < 3; c++) {
                    a[r][c] += row[r] * row[c];
                }
                a[r][3] += row[r] * d.targets()[i];
            }
        }
        for (int k = 0; k < 3; k++) {
            for (int r = 0; r < 3; r++) {
                if (r != k) {
                    double f = a[r][k] / a[k][k];
                    for (int c = 0; c < 4; c++) {
                        a[r][c] -= f * a[k][c];
                    }
                }
            }
        }
        return new double[] {a[0][3] / a[0][0], a[1][3] / a[1][1], a[2][3] / a[2][2]};
    }
}
