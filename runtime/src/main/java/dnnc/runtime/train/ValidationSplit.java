package dnnc.runtime.train;

import dnnc.runtime.data.DataException;
import dnnc.runtime.data.Dataset;

/**
 * Holds out a fraction of the training data for validation: a seeded random choice of
 * {@code round(size * fraction)} examples (at least 1, and at least 1 left to train on); both parts keep the
 * file's order. The same seed and data always give the same split.
 */
public final class ValidationSplit {
    private static final long SPLIT_SALT = 0x5DEECE66DL;

    private ValidationSplit() {
    }

    /** {training, validation}. */
    public static Dataset[] split(Dataset data, double fraction, long seed) {
        if (!(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException("validation_split must be above 0 and below 1, got " + fraction);
        }
        if (data.size() < 2) {
            throw new DataException(data.source() + ": validation_split needs at least 2 examples, got "
                    + data.size());
        }
        int held = (int) Math.max(1, Math.min(data.size() - 1, Math.round(data.size() * fraction)));
        int[] order = new int[data.size()];
        new Rng(seed ^ SPLIT_SALT).shuffle(order);
        boolean[] isValidation = new boolean[data.size()];
        for (int i = 0; i < held; i++) {
            isValidation[order[i]] = true;
        }
        int[] val = new int[held];
        int[] train = new int[data.size() - held];
        int v = 0;
        int t = 0;
        for (int i = 0; i < data.size(); i++) {
            if (isValidation[i]) {
                val[v++] = i;
            } else {
                train[t++] = i;
            }
        }
        return new Dataset[] {rows(data, train, ""), rows(data, val, " (validation split)")};
    }

    private static Dataset rows(Dataset d, int[] rows, String label) {
        int fs = d.featureSize();
        int ts = d.targetSize();
        float[] x = new float[rows.length * fs];
        float[] y = new float[rows.length * ts];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(d.features(), rows[i] * fs, x, i * fs, fs);
            System.arraycopy(d.targets(), rows[i] * ts, y, i * ts, ts);
        }
        return new Dataset(d.source() + label, rows.length, fs, x, ts, y);
    }
}
