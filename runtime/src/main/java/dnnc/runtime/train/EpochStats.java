package dnnc.runtime.train;

import dnnc.runtime.Evaluation;
import java.util.Locale;

/**
 * What one epoch of training measured. {@code train} is averaged over the epoch's batches as they were trained
 * (weighted by batch size); {@code validation} and {@code test} are measured after the epoch and are null
 * without such data. {@code lr} is the learning rate the epoch used.
 */
public record EpochStats(
        int epoch,
        double lr,
        Evaluation train,
        Evaluation validation,
        Evaluation test,
        double seconds,
        double samplesPerSecond) {

    /** An epoch without validation data and without a learning rate to show (lr NaN). */
    public static EpochStats of(int epoch, double loss, Double trainAccuracy, Double testLoss, Double testAccuracy,
                                double seconds, double samplesPerSecond) {
        return new EpochStats(epoch, Double.NaN, new Evaluation(loss, trainAccuracy, 0),
                null, testLoss == null ? null : new Evaluation(testLoss, testAccuracy, 0), seconds, samplesPerSecond);
    }

    public double loss() {
        return train.loss();
    }

    public Double trainAccuracy() {
        return train.accuracy();
    }

    public Double testLoss() {
        return test == null ? null : test.loss();
    }

    public Double testAccuracy() {
        return test == null ? null : test.accuracy();
    }

    /** What early stopping's val_ metrics look at: the validation data, or the test data without it. */
    public Evaluation monitored() {
        return validation != null ? validation : test;
    }

    /**
     * The progress line, e.g.
     * {@code epoch  3/15  loss 0.3121  train_acc 0.8872  val_loss 0.3500  val_acc 0.8700  test_acc 0.8731
     * lr 0.001  4.12s  14563 samples/s}. The epoch number is padded to the width of the total; seconds and
     * throughput are right-aligned in fields of 5 and 6 characters (preceded by one space). Accuracy is shown
     * where it applies, otherwise the mean absolute error for regression; test data shows its accuracy, or its
     * loss without one.
     */
    public String format(int totalEpochs) {
        int width = String.valueOf(totalEpochs).length();
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "epoch %" + width + "d/%d  loss %.4f", epoch, totalEpochs, loss()));
        metric(s, "train_acc", train.accuracy());
        metric(s, "mae", train.accuracy() == null ? train.mae() : null);
        if (validation != null) {
            s.append(String.format(Locale.ROOT, "  val_loss %.4f", validation.loss()));
            metric(s, "val_acc", validation.accuracy());
            metric(s, "val_mae", validation.accuracy() == null ? validation.mae() : null);
        }
        if (test != null) {
            if (test.accuracy() != null) {
                s.append(String.format(Locale.ROOT, "  test_acc %.4f", test.accuracy()));
            } else {
                s.append(String.format(Locale.ROOT, "  test_loss %.4f", test.loss()));
            }
        }
        if (!Double.isNaN(lr)) {
            s.append(String.format(Locale.ROOT, "  lr %.4g", lr));
        }
        s.append(String.format(Locale.ROOT, " %5.2fs %6d samples/s", seconds, Math.round(samplesPerSecond)));
        return s.toString();
    }

    private static void metric(StringBuilder s, String name, Double value) {
        if (value != null) {
            s.append(String.format(Locale.ROOT, "  %s %.4f", name, value));
        }
    }
}
