package dnnc.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dnnc.runtime.data.Dataset;
import org.junit.jupiter.api.Test;

class AccuracyTest {

    @Test
    void labelTargetsCompareTheArgmaxOfTheFirstOutput() {
        ModelSpec spec = new Model(new SoftmaxKernel(1, 3)).spec();
        Dataset d = new Dataset("d", 2, 1, new float[2], 1, new float[] {2, 0});
        Accuracy a = Accuracy.forData(spec, d);
        float[][] table = new Model(new SoftmaxKernel(1, 3)).newTable(2);
        table[1] = new float[] {2, 0};
        table[2] = new float[] {0.1f, 0.2f, 0.7f, 0.3f, 0.6f, 0.1f};
        assertTrue(a.applies());
        assertEquals(1, a.countCorrect(table, 2));
    }

    @Test
    void zeroOneTargetsWithOneOutputUseThresholdOneHalf() {
        Model m = new Model(new LinearRegressionKernel(1));
        Dataset d = new Dataset("d", 3, 1, new float[3], 1, new float[] {1, 0, 1});
        Accuracy a = Accuracy.forData(m.spec(), d);
        float[][] table = m.newTable(3);
        table[1] = new float[] {1, 0, 1};
        table[2] = new float[] {0.5f, 0.49f, 0.2f};
        assertTrue(a.applies());
        assertEquals(2, a.countCorrect(table, 3));
    }

    @Test
    void realValuedTargetsHaveNoAccuracy() {
        Model m = new Model(new LinearRegressionKernel(1));
        Dataset d = new Dataset("d", 2, 1, new float[2], 1, new float[] {1, 0.5f});
        assertFalse(Accuracy.forData(m.spec(), d).applies());
    }
}
