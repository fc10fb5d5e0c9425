package dnnc.runtime.train;

import dnnc.runtime.Evaluation;
import java.util.List;

/**
 * Stops training when the monitored metric has not improved for {@code patience} epochs, and remembers the
 * parameters of the best epoch so that they can be restored (Keras's EarlyStopping with
 * {@code restore_best_weights}). Losses improve downwards, accuracies upwards; any strict improvement counts.
 */
public final class EarlyStopping {
    public static final List<String> MONITORS = List.of("val_loss", "val_accuracy", "loss", "accuracy");

    private final String monitor;
    private final int patience;
    private double best = Double.NaN;
    private int bestEpoch;
    private int wait;
    private float[][] bestParams;

    public EarlyStopping(String monitor, int patience) {
        if (!MONITORS.contains(monitor)) {
            throw new OptimizerException("early stopping cannot monitor '" + monitor + "' (expected "
                    + String.join(", ", MONITORS) + ")");
        }
        this.monitor = monitor;
        this.patience = patience;
    }

    public String monitor() {
        return monitor;
    }

    public boolean needsValidation() {
        return monitor.startsWith("val_");
    }

    /**
     * Records an epoch; returns true when training should stop. {@code params} are the live parameter arrays,
     * copied when the epoch is the best so far.
     */
    public boolean update(EpochStats stats, float[][] params) {
        Double value = value(stats);
        if (value == null) {
            throw new OptimizerException("early stopping monitors " + monitor + ", which this model and data do"
                    + " not measure" + (monitor.endsWith("accuracy") ? " (no accuracy for this target)" : ""));
        }
        boolean higherIsBetter = monitor.endsWith("accuracy");
        if (Double.isNaN(best) || (higherIsBetter ? value > best : value < best)) {
            best = value;
            bestEpoch = stats.epoch();
            wait = 0;
            if (bestParams == null) {
                bestParams = new float[params.length][];
            }
            for (int i = 0; i < params.length; i++) {
                bestParams[i] = params[i].clone();
            }
            return false;
        }
        wait++;
        return wait >= patience;
    }

    private Double value(EpochStats s) {
        Evaluation e = monitor.startsWith("val_") ? s.monitored() : s.train();
        if (e == null) {
            return null;
        }
        return monitor.endsWith("accuracy") ? e.accuracy() : Double.valueOf(e.loss());
    }

    public double best() {
        return best;
    }

    public int bestEpoch() {
        return bestEpoch;
    }

    public int waited() {
        return wait;
    }

    /** The best epoch's parameters, or null before the first epoch. */
    public float[][] bestParameters() {
        return bestParams;
    }

    /** Sets the state a checkpoint saved. */
    public void restore(double best, int bestEpoch, int wait, float[][] bestParams) {
        this.best = best;
        this.bestEpoch = bestEpoch;
        this.wait = wait;
        this.bestParams = bestParams;
    }
}
