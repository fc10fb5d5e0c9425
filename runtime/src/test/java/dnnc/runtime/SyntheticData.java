package dnnc.runtime;

import dnnc.runtime.data.Dataset;
import java.util.SplittableRandom;

/** Small data sets with known answers, built in memory. */
public final class SyntheticData {
    private SyntheticData() {
    }

    /** {@code t = x . w + bias + noise}, x uniform in [-1, 1). */
    public static Dataset linear(int size, float[] w, float bias, double noise, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int d = w.length;
        float[] x = new float[size * d];
        float[] t = new float[size];
        for (int i = 0; i < size; i++) {
            double y = bias;
            for (int j = 0; j < d; j++) {
                x[i * d + j] = (float) (r.nextDouble() * 2 - 1);
                y += x[i * d + j] * w[j];
            }
            t[i] = (float) (y + noise * (r.nextDouble() - 0.5));
        }
        return new Dataset("linear", size, d, x, 1, t);
    }

    /** Two features; the label is 1 when x0 + x1 > 0, so the classes are linearly separable. */
    public static Dataset separable(int size, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[size * 2];
        float[] t = new float[size];
        for (int i = 0; i < size; i++) {
            x[2 * i] = (float) (r.nextDouble() * 2 - 1);
            x[2 * i + 1] = (float) (r.nextDouble() * 2 - 1);
            t[i] = x[2 * i] + x[2 * i + 1] > 0 ? 1 : 0;
        }
        return new Dataset("separable", size, 2, x, 1, t);
    }

    /**
     * Images of {@code channels x height x width} pixels uniform in [0, 1); the label is 1 when the top half is
     * brighter than the bottom half.
     */
    public static Dataset images(int size, int channels, int height, int width, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int d = channels * height * width;
        float[] x = new float[size * d];
        float[] t = new float[size];
        for (int i = 0; i < size; i++) {
            double top = 0;
            for (int j = 0; j < d; j++) {
                x[i * d + j] = (float) r.nextDouble();
                top += (j % (height * width)) / width < height / 2 ? x[i * d + j] : -x[i * d + j];
            }
            t[i] = top > 0 ? 1 : 0;
        }
        return new Dataset("images", size, d, x, 1, t);
    }
}
