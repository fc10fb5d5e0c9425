package dnnc.runtime.kernels;

import java.util.Arrays;

/**
 * The reverse of a convolution's unfolding, for its input gradient: every value of the columns [C*KH*KW, P] is
 * added back onto the input position it came from, values that came from the padding dropped. Each input element
 * is the float sum, from 0 and in tap order (channel, ky, kx), of the values that came from it.
 */
final class Fold {
    /** Whether stride-1 same-size folds take {@link SimdArrays#foldSameSize}; the same floats. Tests turn it off. */
    static volatile boolean simd = Gemm.SIMD;

    private Fold() {
    }

    /**
     * Folds one example's columns (tap r's row at columns[colOff + r * rowStride], positions oy*OW + ox) into
     * dx[dxOff ...], which it overwrites. {@code table} is scratch space of {@link #tableLength} floats.
     */
    static void fold(float[] columns, int colOff, int rowStride, float[] dx, int dxOff, int c, int h, int wd,
                     int kh, int kw, int stride, int pad, float[] table) {
        int oh = Conv2d.outSize(h, kh, stride, pad);
        int ow = Conv2d.outSize(wd, kw, stride, pad);
        if (simd && stride == 1 && ow == wd) {
            // A pass over the plane per tap, adding into dx, made each add wait for the store before it (the runs
            // overlap, shifted): 10 us an example for the CNN's second convolution. All taps at once: about 2.
            SimdArrays.foldSameSize(columns, colOff, rowStride, dx, dxOff, c, h, wd, kh, kw, pad,
                    insideTable(table, h, wd, oh, kh, kw, pad), HEADER, planeLength(h, wd));
            return;
        }
        Arrays.fill(dx, dxOff, dxOff + c * h * wd, 0f);
        for (int ch = 0; ch < c; ch++) {
            for (int ky = 0; ky < kh; ky++) {
                for (int kx = 0; kx < kw; kx++) {
                    int row = colOff + ((ch * kh + ky) * kw + kx) * rowStride;
                    int lo = Conv2d.firstInside(kx, pad, stride);
                    int hi = Conv2d.lastInside(kx, pad, stride, wd, ow);
                    for (int oy = 0; oy < oh; oy++) {
                        int y = oy * stride - pad + ky;
                        if (y < 0 || y >= h) {
                            continue;
                        }
                        int src = row + oy * ow;
                        int dst = dxOff + (ch * h + y) * wd - pad + kx;
                        if (stride == 1) {   // a unit stride the JIT can vectorize
                            for (int ox = lo; ox < hi; ox++) {
                                dx[dst + ox] += columns[src + ox];
                            }
                        } else {
                            for (int ox = lo; ox < hi; ox++) {
                                dx[dst + ox * stride] += columns[src + ox];
                            }
                        }
                    }
                }
            }
        }
    }

    /** Floats of scratch space {@link #fold} needs for an input plane of h x wd and a kh x kw kernel. */
    static int tableLength(int h, int wd, int kh, int kw) {
        return HEADER + kh * kw * planeLength(h, wd);
    }

    /** Entries of the table per tap: a plane and a vector's worth of zeros past it. */
    private static int planeLength(int h, int wd) {
        return h * wd + (Gemm.SIMD ? SimdArrays.LANES : 0);   // the Vector API loads only when the module is there
    }

    private static final int HEADER = 6;

    /**
     * For {@link SimdArrays#foldSameSize}: table[HEADER + t * planeLength + p] is 1 when tap t = (ky, kx) of
     * input position p = (y, x) comes from an output position inside the output, (y + pad - ky, x + pad - kx),
     * else 0. Written once per shape, which the header records.
     */
    private static float[] insideTable(float[] table, int h, int wd, int oh, int kh, int kw, int pad) {
        if (table[0] == h && table[1] == wd && table[2] == oh && table[3] == kh && table[4] == kw
                && table[5] == pad) {
            return table;
        }
        int planeLength = planeLength(h, wd);
        Arrays.fill(table, 0, tableLength(h, wd, kh, kw), 0f);
        for (int ky = 0; ky < kh; ky++) {
            for (int kx = 0; kx < kw; kx++) {
                int at = HEADER + (ky * kw + kx) * planeLength;
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < wd; x++) {
                        int oy = y + pad - ky, ox = x + pad - kx;
                        table[at + y * wd + x] = oy >= 0 && oy < oh && ox >= 0 && ox < wd ? 1f : 0f;
                    }
                }
            }
        }
        float[] key = {h, wd, oh, kh, kw, pad};
        System.arraycopy(key, 0, table, 0, HEADER);
        return table;
    }
}
