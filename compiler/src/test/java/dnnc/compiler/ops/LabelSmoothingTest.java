package dnnc.compiler.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dnnc.compiler.TestModels;
import dnnc.runtime.Model;
import dnnc.runtime.ModelSpec;
import org.junit.jupiter.api.Test;

/** cross_entropy's smoothing against the closed form PyTorch documents for label_smoothing. */
class LabelSmoothingTest {
    @Test
    void smoothedLossMixesTheLabelsLossWithTheMeanOverClasses() {
        var compiled = TestModels.compile(TestModels.source("""
                model Smoothed {
                    input x: float[3]
                    target y: label[3]
                    param s: float[1] = ones
                    logits = x * s
                    output p = softmax(logits)
                    loss = cross_entropy(logits, y, smoothing = 0.3)
                }
                """));
        Model model = TestModels.load(compiled);
        model.initialize(1);
        ModelSpec spec = compiled.spec();
        float[][] table = model.newTable(2);
        float[][] logits = {{1f, -2f, 0.5f}, {0.1f, 0.2f, 3f}};
        int[] labels = {2, 0};
        for (int b = 0; b < 2; b++) {
            System.arraycopy(logits[b], 0, table[spec.input().slot()], 3 * b, 3);
            table[spec.target().slot()][b] = labels[b];
        }
        double expected = 0;
        for (int b = 0; b < 2; b++) {
            double norm = 0;
            for (float z : logits[b]) {
                norm += Math.exp(z);
            }
            double meanOverClasses = 0;
            for (float z : logits[b]) {
                meanOverClasses += -(z - Math.log(norm)) / 3;
            }
            double ofLabel = -(logits[b][labels[b]] - Math.log(norm));
            expected += (0.7 * ofLabel + 0.3 * meanOverClasses) / 2;
        }
        assertEquals(expected, model.forward(table, 2, false), 1e-5);
    }
}
