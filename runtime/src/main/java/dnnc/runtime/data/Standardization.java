package dnnc.runtime.data;

/**
 * Per-feature standardization {@code x' = (x - mean) / std}, with the mean and the (population) standard
 * deviation measured on the training data; a feature that never varies keeps std 1, so it only loses its mean.
 */
public record Standardization(float[] mean, float[] std) {

    public int size() {
        return mean.length;
    }

    /** Measures every feature of {@code data} (in double precision, two passes). */
    public static Standardization of(Dataset data) {
        int fs = data.featureSize();
        double[] sum = new double[fs];
        float[] x = data.features();
        for (int r = 0; r < data.size(); r++) {
            for (int j = 0; j < fs; j++) {
                sum[j] += x[r * fs + j];
            }
        }
        float[] mean = new float[fs];
        for (int j = 0; j < fs; j++) {
            mean[j] = (float) (sum[j] / Math.max(1, data.size()));
        }
        double[] sq = new double[fs];
        for (int r = 0; r < data.size(); r++) {
            for (int j = 0; j < fs; j++) {
                double d = x[r * fs + j] - (double) mean[j];
                sq[j] += d * d;
            }
        }
        float[] std = new float[fs];
        for (int j = 0; j < fs; j++) {
            float s = (float) Math.sqrt(sq[j] / Math.max(1, data.size()));
            std[j] = s > 0 && Float.isFinite(s) ? s : 1f;
        }
        return new Standardization(mean, std);
    }

    /** Standardizes the features of {@code data} in place. */
    public void apply(Dataset data) {
        if (data.featureSize() != mean.length) {
            throw new DataException(data.source() + ": " + data.featureSize() + " features per example, but the"
                    + " standardization was measured on " + mean.length);
        }
        float[] x = data.features();
        int fs = mean.length;
        for (int r = 0; r < data.size(); r++) {
            for (int j = 0; j < fs; j++) {
                x[r * fs + j] = (x[r * fs + j] - mean[j]) / std[j];
            }
        }
    }
}
