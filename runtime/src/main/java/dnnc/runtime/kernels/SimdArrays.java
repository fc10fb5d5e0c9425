package dnnc.runtime.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Array loops with the Vector API for {@link Columns}: a convolution's input unfolded into columns and folded back,
 * for a stride-1 convolution whose output rows are as wide as the input's. Loaded only when {@link Gemm#SIMD} says the module is there.
 */
final class SimdArrays {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int V = S.length();
    /** Floats per vector. */
    static final int LANES = V;

    private SimdArrays() {
    }

    /**
     * {@link Columns#unfold} of one example for a stride-1 convolution whose output rows are as wide as the
     * input's: tap t = (ky, kx) at output position q of channel ch is input value q + (ky - pad) * W + kx - pad of
     * the channel, when inside[insideAt + t * insideStride + q] is 1, else 0 (the value times 0, so -0 for a
     * negative one: the same in every sum of products).
     */
    static void unfoldSameSize(float[] x, int xOff, float[] columns, int colOff, int rowStride, int c, int h,
                               int wd, int oh, int kh, int kw, int pad, float[] inside, int insideAt,
                               int insideStride) {
        int size = h * wd, positions = oh * wd, taps = kh * kw, whole = positions - positions % V;
        int lowest = -pad * wd - pad, highest = (kh - 1 - pad) * wd + kw - 1 - pad;   // of the taps' shifts
        for (int ch = 0; ch < c; ch++) {
            int plane = xOff + ch * size, rows = colOff + ch * taps * rowStride;
            // vectors that would read outside the array (a first or last channel) leave their positions to the
            // loop after
            boolean vectorsInside = plane + lowest >= 0 && plane + highest + whole - 1 < x.length;
            for (int t = 0, ky = 0, kx = 0; t < taps; t++) {
                int from = plane + (ky - pad) * wd + kx - pad, to = rows + t * rowStride;
                int keep = insideAt + t * insideStride, q = 0;
                if (vectorsInside) {
                    for (; q < whole; q += V) {
                        FloatVector.fromArray(S, x, from + q).mul(FloatVector.fromArray(S, inside, keep + q))
                                .intoArray(columns, to + q);
                    }
                }
                for (; q < positions; q++) {
                    columns[to + q] = inside[keep + q] != 0f ? x[from + q] : 0f;
                }
                if (++kx == kw) {
                    kx = 0;
                    ky++;
                }
            }
        }
    }

    /**
     * {@link Columns#fold} of one example for a stride-1 convolution whose output rows are as wide as the input's:
     * tap t = (ky, kx) of input position p of channel ch is value p + (pad - ky) * W + pad - kx of the tap's row,
     * when inside[insideAt + t * insideStride + p] is 1. One sum per position over the taps, in tap order, from 0;
     * a tap whose value lies outside is multiplied by 0 in the same multiply-add (adding +0 or -0 changes no sum:
     * none is -0, as every sum starts from +0).
     */
    static void foldSameSize(float[] columns, int colOff, int rowStride, float[] dx, int dxOff, int c, int h, int wd,
                             int kh, int kw, int pad, float[] inside, int insideAt, int insideStride) {
        int size = h * wd, taps = kh * kw, whole = size - size % V;
        int first = pad * wd + pad;   // tap 0's value for position 0, from a channel's first row
        int lowest = Integer.MAX_VALUE, highest = Integer.MIN_VALUE;   // of every tap's, from there
        for (int ky = 0; ky < kh; ky++) {
            for (int kx = 0; kx < kw; kx++) {
                int at = (ky * kw + kx) * rowStride + (pad - ky) * wd + pad - kx;
                lowest = Math.min(lowest, at);
                highest = Math.max(highest, at);
            }
        }
        for (int ch = 0; ch < c; ch++) {
            int rows = colOff + ch * taps * rowStride, plane = dxOff + ch * size, p = 0;
            // vectors that would read outside the array (a first or last channel) leave their positions to the
            // loop after
            boolean vectorsInside = rows + lowest >= 0 && rows + highest + whole - 1 < columns.length;
            if (vectorsInside) {
                for (; p < whole; p += V) {
                    // one loop over the taps: a vector carried through nested loops was boxed on every add
                    FloatVector sum = FloatVector.zero(S);
                    for (int t = 0, kx = 0, at = rows + p + first, keep = insideAt + p; t < taps; t++) {
                        sum = FloatVector.fromArray(S, columns, at)
                                .fma(FloatVector.fromArray(S, inside, keep), sum);
                        keep += insideStride;
                        if (++kx == kw) {
                            kx = 0;
                            at += rowStride - wd + kw - 1;   // the next row of taps reads the input a row higher
                        } else {
                            at += rowStride - 1;
                        }
                    }
                    sum.intoArray(dx, plane + p);
                }
            }
            for (; p < size; p++) {
                float sum = 0f;
                for (int t = 0, kx = 0, at = rows + p + first, keep = insideAt + p; t < taps; t++) {
                    if (inside[keep] != 0f) {
                        sum += columns[at];
                    }
                    keep += insideStride;
                    if (++kx == kw) {
                        kx = 0;
                        at += rowStride - wd + kw - 1;
                    } else {
                        at += rowStride - 1;
                    }
                }
                dx[plane + p] = sum;
            }
        }
    }

    /** Runs the loop on throwaway arrays until the JIT has compiled it. */
    static void warmUp() {
        float[] columns = new float[9 * 2 * 49 * 2], dx = new float[2 * 49 * 2];
        float[] table = new float[Columns.tableLength(7, 7, 3, 3, 1)];
        for (int i = 0; i < 3000; i++) {
            Columns.fold(columns, 49 * (i & 1), 98, dx, 98 * (i & 1), 2, 7, 7, 3, 3, 1, 1, table);
            Columns.unfold(dx, 98 * (i & 1), columns, 49 * (i & 1), 98, 2, 7, 7, 3, 3, 1, 1, table);
        }
    }
}
