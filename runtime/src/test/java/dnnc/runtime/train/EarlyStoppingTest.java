package dnnc.runtime.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dnnc.runtime.Evaluation;
import dnnc.runtime.LinearRegressionKernel;
import dnnc.runtime.Model;
import dnnc.runtime.ModelSpec;
import dnnc.runtime.SyntheticData;
import dnnc.runtime.data.DataException;
import dnnc.runtime.data.Dataset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EarlyStoppingTest {
    private static EpochStats epoch(int n, double valLoss) {
        return new EpochStats(n, 0.1, new Evaluation(1, null, 10), new Evaluation(valLoss, null, 10), null, 0, 0);
    }

    @Test
    void stopsAfterPatienceEpochsWithoutImprovementAndKeepsTheBestParameters() {
        EarlyStopping es = new EarlyStopping("val_loss", 2);
        float[][] params = {{1}};
        assertFalse(es.update(epoch(1, 1.0), params));
        params[0][0] = 2;
        assertFalse(es.update(epoch(2, 0.8), params));
        params[0][0] = 3;
        assertFalse(es.update(epoch(3, 0.9), params));
        assertTrue(es.update(epoch(4, 0.8), params)); // equal is not better
        assertEquals(2, es.bestEpoch());
        assertArrayEquals(new float[] {2}, es.bestParameters()[0]);
    }

    @Test
    void accuracyImprovesUpwards() {
        EarlyStopping es = new EarlyStopping("val_accuracy", 1);
        float[][] params = {{0}};
        es.update(new EpochStats(1, 0.1, new Evaluation(1, 0.5, 10), new Evaluation(1, 0.5, 10), null, 0, 0), params);
        assertFalse(es.update(new EpochStats(2, 0.1, new Evaluation(1, 0.5, 10), new Evaluation(1, 0.7, 10), null, 0, 0),
                params));
        assertEquals(2, es.bestEpoch());
    }

    @Test
    void trainerRestoresTheWeightsOfTheBestValidationEpoch() {
        Dataset train = SyntheticData.linear(200, new float[] {2, -3}, 0.5f, 0.1, 1);
        Dataset shifted = SyntheticData.linear(100, new float[] {1, -1}, 0f, 0.1, 2); // another function
        ModelSpec.Train settings = new ModelSpec.Train("sgd", Map.of("lr", 0.05), 60, 8, 3)
                .withFit(0, 0, 2, "val_loss", 0);
        Model m = new Model(new LinearRegressionKernel(2));
        m.initialize(3);
        List<EpochStats> history = new Trainer(m, settings, null).fit(train, shifted, null);
        assertTrue(history.size() < 60, "stopped after " + history.size());
        double best = history.stream().mapToDouble(e -> e.validation().loss()).min().orElseThrow();
        assertEquals(best, m.evaluate(shifted, 8).loss(), 0.0);
    }

    @Test
    void monitoringValidationWithoutValidationDataIsAnError() {
        Model m = new Model(new LinearRegressionKernel(2));
        ModelSpec.Train settings = new ModelSpec.Train("sgd", Map.of("lr", 0.05), 5, 8, 3)
                .withFit(0, 0, 2, "val_loss", 0);
        Trainer t = new Trainer(m, settings, null);
        DataException e = assertThrows(DataException.class,
                () -> t.fit(SyntheticData.linear(20, new float[] {1, 1}, 0, 0, 1), null, null));
        assertTrue(e.getMessage().contains("validation_split"), e.getMessage());
    }
}
