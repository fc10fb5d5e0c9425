package dnnc.runtime.kernels;

import java.util.Arrays;

/** Class labels, stored as their integer values in float arrays. */
public final class Labels {
    private Labels() {
    }

    /** out[i*classes + c] = 1 where labels[i] == c, else 0, for i < n. */
    public static void oneHot(float[] labels, int n, int classes, float[] out) {
        Arrays.fill(out, 0, n * classes, 0f);
        for (int i = 0; i < n; i++) {
            int c = (int) labels[i];
            if (c >= 0 && c < classes) {
                out[i * classes + c] = 1f;
            }
        }
    }

    /** Index of the largest of x[row*width .. row*width + width), the first on ties. */
    public static int argmax(float[] x, int row, int width) {
        int base = row * width;
        int best = 0;
        for (int i = 1; i < width; i++) {
            if (x[base + i] > x[base + best]) {
                best = i;
            }
        }
        return best;
    }
}
