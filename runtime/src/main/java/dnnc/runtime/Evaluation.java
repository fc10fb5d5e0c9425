package dnnc.runtime;

/**
 * Loss and metrics on a data set, each a mean over its examples: accuracy for classifiers, mean squared and
 * mean absolute error (over every target value) for regression; null where a metric does not apply.
 */
public record Evaluation(double loss, Double accuracy, int examples, Double mse, Double mae) {
    public Evaluation(double loss, Double accuracy, int examples) {
        this(loss, accuracy, examples, null, null);
    }
}
