package dnnc.runtime;

/**
 * Loss and accuracy of a model on a data set of {@code examples} examples. {@code accuracy} is null when it
 * does not apply to the model's target (see {@link Accuracy}).
 */
public record Evaluation(double loss, Double accuracy, int examples) {
}
