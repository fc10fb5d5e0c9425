package dnnc.runtime.kernels;

import java.util.Arrays;

/** Conversions between class labels and per-class scores. */
public final class Labels {

    private Labels() {
    }

    /**
     * out[i*classes + c] = labels[i] == c ? 1 : 0 for i &lt; n (labels hold integer class values as floats). A label
     * that is not one of 0 .. classes-1 (out of range, fractional or NaN) gives a row of zeros.
     */
    public static void oneHot(float[] labels, int n, int classes, float[] out) {
        if (n < 0 || classes < 0) {
            throw new IllegalArgumentException("negative size: n=" + n + " classes=" + classes);
        }
        if (labels.length < n) {
            throw new IllegalArgumentException("labels has " + labels.length + " elements, needs " + n);
        }
        long size = (long) n * classes;
        if (out.length < size) {
            throw new IllegalArgumentException("out has " + out.length + " elements, needs " + size);
        }
        Arrays.fill(out, 0, (int) size, 0f);
        for (int i = 0; i < n; i++) {
            float label = labels[i];
            int c = (int) label;
            if (c == label && c >= 0 && c < classes) {
                out[i * classes + c] = 1f;
            }
        }
    }

    /**
     * Index of the largest of x[row*width .. row*width+width) (first one on ties), relative to the row start. NaNs
     * are never chosen unless every value is NaN, in which case the result is 0.
     */
    public static int argmax(float[] x, int row, int width) {
        if (width <= 0 || row < 0) {
            throw new IllegalArgumentException("need row >= 0 and width > 0: row=" + row + " width=" + width);
        }
        long end = ((long) row + 1) * width;
        if (x.length < end) {
            throw new IllegalArgumentException("x has " + x.length + " elements, row ends at " + end);
        }
        int base = row * width;
        int best = 0;
        float max = x[base];
        for (int j = 1; j < width; j++) {
            float v = x[base + j];
            if (v > max || (max != max && v == v)) {
                max = v;
                best = j;
            }
        }
        return best;
    }
}
