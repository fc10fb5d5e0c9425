package dnnc.runtime.train;

import java.util.Locale;

/**
 * What one epoch of training measured. Loss and accuracy on the training set are averaged over the epoch's
 * batches as they were trained (weighted by batch size). Nullable fields are absent: no accuracy for this
 * target, or no test set.
 */
public record EpochStats(
        int epoch,
        double loss,
        Double trainAccuracy,
        Double testLoss,
        Double testAccuracy,
        double seconds,
        double samplesPerSecond) {

    /**
     * The progress line, e.g.
     * {@code epoch  3/15  loss 0.3121  train_acc 0.8872  test_acc 0.8731  4.12s  14563 samples/s}.
     * The epoch number is padded to the width of the total; seconds and throughput are right-aligned in
     * fields of 5 and 6 characters (preceded by one space), so lines stay aligned as long as the values fit.
     * With a test set but no accuracy, the test loss is shown in place of the test accuracy.
     */
    public String format(int totalEpochs) {
        int width = String.valueOf(totalEpochs).length();
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "epoch %" + width + "d/%d  loss %.4f", epoch, totalEpochs, loss));
        if (trainAccuracy != null) {
            s.append(String.format(Locale.ROOT, "  train_acc %.4f", trainAccuracy));
        }
        if (testAccuracy != null) {
            s.append(String.format(Locale.ROOT, "  test_acc %.4f", testAccuracy));
        } else if (testLoss != null) {
            s.append(String.format(Locale.ROOT, "  test_loss %.4f", testLoss));
        }
        s.append(String.format(Locale.ROOT, " %5.2fs %6d samples/s", seconds, Math.round(samplesPerSecond)));
        return s.toString();
    }
}
