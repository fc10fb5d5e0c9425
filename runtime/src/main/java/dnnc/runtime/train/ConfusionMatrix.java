package dnnc.runtime.train;

import dnnc.runtime.Accuracy;
import dnnc.runtime.Model;
import dnnc.runtime.data.Dataset;

/**
 * Counts of {@code counts[actual][predicted]} over a data set for a classifier; {@code data} names which data
 * ("validation", "test" or "training").
 */
public record ConfusionMatrix(String data, long[][] counts) {

    /** The matrix of {@code model} on {@code examples}, or null when the model is not a classifier. */
    public static ConfusionMatrix of(Model model, Dataset examples, String data, int batch) {
        int classes = Accuracy.forData(model.spec(), examples).classes();
        if (classes == 0) {
            return null;
        }
        long[][] counts = new long[classes][classes];
        model.evaluate(examples, batch, counts);
        return new ConfusionMatrix(data, counts);
    }

    public int classes() {
        return counts.length;
    }
}
