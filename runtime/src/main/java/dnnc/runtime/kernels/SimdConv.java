package dnnc.runtime.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The SIMD path's direct convolution of one example, stride 1, written with the Vector API: no unfolded columns.
 * {@link Conv2d} loads this class only when {@link Gemm#SIMD} says the module is there.
 *
 * <p>The example is copied into a zero-padded plane per channel, [C, HP, WP]. Output position (oy, ox) is then
 * computed at grid column q = oy * WP + ox, and the input that filter tap (ch, ky, kx) multiplies there is
 * padded[ch * HP * WP + ky * WP + kx + q]: for every tap, a run of consecutive grid columns reads a run of
 * consecutive inputs. So the product of the filters [O, K] with the example's columns, which im2col would write
 * out first (K times the input, 113 KB for a 16-channel 14 x 14 example), reads the padded input where it lies.
 * The grid has WP - OW columns per row that are no output (they read across the row's end); they are computed
 * and dropped. Each element is the same chain of fused multiply-adds in increasing tap order as in
 * {@link SimdGemm}, from 0, so the results equal the unfolded product's bit for bit.
 */
final class SimdConv {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int V = S.length();
    /** Output channels per register tile: 8 x 2 vectors, 16 accumulators (then 4 and 1 for the rest). */
    static final int ROWS = 8;
    /** Grid columns per register tile. */
    static final int STRIP = 2 * V;

    private SimdConv() {
    }

    /** Grid columns computed for an output of oh rows of a padded plane wp wide: whole strips. */
    static int gridColumns(int oh, int wp) {
        return (oh * wp + STRIP - 1) / STRIP * STRIP;
    }

    /** Floats of the padded example: its planes, then what the last strip of the last tap reads past them. */
    static int paddedSize(int c, int hp, int wp, int kh, int kw) {
        int oh = hp - kh + 1;
        return c * hp * wp + gridColumns(oh, wp) - oh * wp + kw;
    }

    /**
     * padded[ch, pad + y, pad + x] = x[xOff + (ch * h + y) * wd + x], 0 around the planes and up to {@code size}:
     * zeros first, then each row in whole vectors. A row shorter than a vector is stored as one vector whose lanes
     * past the row are zero: they land on the padding and on the start of the next row, which is written after it
     * (224 rows of 14 from 2.6 to 1.3 µs: a copy and two fills a row cost more than the row).
     */
    static void pad(float[] x, int xOff, float[] padded, int size, int c, int h, int wd, int pad) {
        int wp = wd + 2 * pad, hp = h + 2 * pad, plane = hp * wp;
        java.util.Arrays.fill(padded, 0, size, 0f);
        VectorMask<Float> inRow = LANE_INDEX.compare(VectorOperators.LT, (float) wd);
        FloatVector zero = FloatVector.zero(S);
        for (int ch = 0; ch < c; ch++) {
            for (int y = 0; y < h; y++) {
                int src = xOff + (ch * h + y) * wd, dst = ch * plane + (y + pad) * wp + pad;
                if (wd >= V) {
                    for (int ox = 0; ; ox += V) {
                        ox = Math.min(ox, wd - V);   // the last vector overlaps the one before
                        FloatVector.fromArray(S, x, src + ox).intoArray(padded, dst + ox);
                        if (ox == wd - V) {
                            break;
                        }
                    }
                } else if (src + V <= x.length && dst + V <= padded.length) {
                    zero.blend(FloatVector.fromArray(S, x, src), inRow).intoArray(padded, dst);
                } else {
                    System.arraycopy(x, src, padded, dst, wd);
                }
            }
        }
    }

    /**
     * 0, 1, 2, ... in the lanes. A mask made from it by a comparison has a class the JIT knows; one taken out of an
     * array of masks does not, and the JIT then leaves the blend to the library's Java code, which allocates.
     */
    private static final FloatVector LANE_INDEX = FloatVector.fromArray(S, laneIndices(), 0);

    private static float[] laneIndices() {
        float[] lanes = new float[V];
        for (int l = 0; l < V; l++) {
            lanes[l] = l;
        }
        return lanes;
    }

    /**
     * product[oc * columns + q] = the sum over taps r = (ch * KH + ky) * KW + kx of w[oc * K + r] *
     * padded[ch * HP * WP + ky * WP + kx + q], for output channels [o0, o1) and every grid column q &lt; columns (a
     * multiple of {@link #STRIP}).
     */
    static void product(float[] w, float[] padded, float[] product, int columns, int c, int hp, int wp, int kh,
                        int kw, int o0, int o1) {
        int k = c * kh * kw;
        int[] taps = taps(c, hp, wp, kh, kw);
        int oc = o0;
        for (; oc + ROWS <= o1; oc += ROWS) {
            for (int q = 0; q < columns; q += STRIP) {
                tile8(w, oc * k, k, taps, padded, q, product, oc * columns + q, columns);
            }
        }
        for (; oc + ROWS / 2 <= o1; oc += ROWS / 2) {
            for (int q = 0; q < columns; q += STRIP) {
                tile4(w, oc * k, k, taps, padded, q, product, oc * columns + q, columns);
            }
        }
        for (; oc < o1; oc++) {
            for (int q = 0; q < columns; q += STRIP) {
                tile1(w, oc * k, k, taps, padded, q, product, oc * columns + q);
            }
        }
    }

    /**
     * Where each tap r = (ch * KH + ky) * KW + kx starts in the padded example, ch * HP * WP + ky * WP + kx: this
     * thread's array, at least c * kh * kw long.
     */
    static int[] taps(int c, int hp, int wp, int kh, int kw) {
        int[] taps = TAPS.get();
        if (taps.length < c * kh * kw) {
            taps = new int[c * kh * kw];
            TAPS.set(taps);
        }
        for (int ch = 0, r = 0; ch < c; ch++) {
            for (int ky = 0; ky < kh; ky++) {
                for (int kx = 0; kx < kw; kx++, r++) {
                    taps[r] = (ch * hp + ky) * wp + kx;
                }
            }
        }
        return taps;
    }

    /**
     * Per thread: where each tap's inputs start in the padded example. The kernels loop over taps once: with the
     * three loops (channel, row, column of the filter) inside them, C2 did not keep the accumulators in registers
     * (a second convolution's example took 370 µs instead of 25).
     */
    private static final ThreadLocal<int[]> TAPS = ThreadLocal.withInitial(() -> new int[0]);

    /** Eight output channels' weights from w[wo], w[wo + k], ..., one strip of grid columns from q. */
    private static void tile8(float[] w, int wo, int k, int[] taps, float[] padded, int q, float[] product, int po,
                                int ps) {
        FloatVector c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51, c60, c61, c70, c71;
        c00 = c01 = c10 = c11 = c20 = c21 = c30 = c31 = FloatVector.zero(S);
        c40 = c41 = c50 = c51 = c60 = c61 = c70 = c71 = c00;
        for (int r = 0, wi = wo; r < k; r++, wi++) {
            int bi = taps[r] + q;
            FloatVector b0 = FloatVector.fromArray(S, padded, bi);
            FloatVector b1 = FloatVector.fromArray(S, padded, bi + V);
            FloatVector x = FloatVector.broadcast(S, w[wi]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, w[wi + k]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, w[wi + 2 * k]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, w[wi + 3 * k]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, w[wi + 4 * k]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, w[wi + 5 * k]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
            x = FloatVector.broadcast(S, w[wi + 6 * k]);
            c60 = x.fma(b0, c60);
            c61 = x.fma(b1, c61);
            x = FloatVector.broadcast(S, w[wi + 7 * k]);
            c70 = x.fma(b0, c70);
            c71 = x.fma(b1, c71);
        }
        c00.intoArray(product, po);
        c01.intoArray(product, po + V);
        c10.intoArray(product, po + ps);
        c11.intoArray(product, po + ps + V);
        c20.intoArray(product, po + 2 * ps);
        c21.intoArray(product, po + 2 * ps + V);
        c30.intoArray(product, po + 3 * ps);
        c31.intoArray(product, po + 3 * ps + V);
        c40.intoArray(product, po + 4 * ps);
        c41.intoArray(product, po + 4 * ps + V);
        c50.intoArray(product, po + 5 * ps);
        c51.intoArray(product, po + 5 * ps + V);
        c60.intoArray(product, po + 6 * ps);
        c61.intoArray(product, po + 6 * ps + V);
        c70.intoArray(product, po + 7 * ps);
        c71.intoArray(product, po + 7 * ps + V);
    }

    /** {@link #tile8} for four output channels. */
    private static void tile4(float[] w, int wo, int k, int[] taps, float[] padded, int q, float[] product, int po,
                                int ps) {
        FloatVector c00, c01, c10, c11, c20, c21, c30, c31;
        c00 = c01 = c10 = c11 = c20 = c21 = c30 = c31 = FloatVector.zero(S);
        final int w1 = k, w2 = 2 * k, w3 = 3 * k;
        for (int r = 0, wi = wo; r < k; r++, wi++) {
            int bi = taps[r] + q;
            FloatVector b0 = FloatVector.fromArray(S, padded, bi);
            FloatVector b1 = FloatVector.fromArray(S, padded, bi + V);
            FloatVector x = FloatVector.broadcast(S, w[wi]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, w[wi + w1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, w[wi + w2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, w[wi + w3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
        }
        c00.intoArray(product, po);
        c01.intoArray(product, po + V);
        c10.intoArray(product, po + ps);
        c11.intoArray(product, po + ps + V);
        c20.intoArray(product, po + 2 * ps);
        c21.intoArray(product, po + 2 * ps + V);
        c30.intoArray(product, po + 3 * ps);
        c31.intoArray(product, po + 3 * ps + V);
    }

    /** One output channel (the channels left over after the 8- and 4-channel tiles). */
    private static void tile1(float[] w, int wo, int k, int[] taps, float[] padded, int q, float[] product, int po) {
        FloatVector c0 = FloatVector.zero(S), c1 = c0;
        for (int r = 0; r < k; r++) {
            int bi = taps[r] + q;
            FloatVector x = FloatVector.broadcast(S, w[wo + r]);
            c0 = x.fma(FloatVector.fromArray(S, padded, bi), c0);
            c1 = x.fma(FloatVector.fromArray(S, padded, bi + V), c1);
        }
        c0.intoArray(product, po);
        c1.intoArray(product, po + V);
    }

    /**
     * out[at + (oc * oh + oy) * ow + ox] = product[oc * columns + oy * wp + ox] (+ bias[oc] when there is one) for
     * output channels [o0, o1): the grid's output columns, its extra columns dropped. Rows of at least V outputs
     * take whole vectors, the last one overlapping the one before; shorter rows one vector each, except where its
     * extra lanes would land past these channels' output (the last row), which another thread may be writing.
     */
    static void copyOut(float[] product, int columns, int wp, float[] bias, float[] out, int at, int o0, int o1,
                        int oh, int ow) {
        int end = at + o1 * oh * ow;
        for (int oc = o0; oc < o1; oc++) {
            float b = bias == null ? 0f : bias[oc];
            FloatVector bv = FloatVector.broadcast(S, b);
            for (int oy = 0; oy < oh; oy++) {
                int from = oc * columns + oy * wp, to = at + (oc * oh + oy) * ow;
                if (ow < V) {
                    if (to + V <= end && from + V <= product.length) {
                        // a whole vector: the lanes past the row land on the next row, which is written after
                        FloatVector v = FloatVector.fromArray(S, product, from);
                        (bias == null ? v : v.add(bv)).intoArray(out, to);
                    } else {
                        for (int ox = 0; ox < ow; ox++) {
                            out[to + ox] = bias == null ? product[from + ox] : product[from + ox] + b;
                        }
                    }
                    continue;
                }
                for (int ox = 0; ; ox += V) {
                    ox = Math.min(ox, ow - V);
                    FloatVector v = FloatVector.fromArray(S, product, from + ox);
                    (bias == null ? v : v.add(bv)).intoArray(out, to + ox);
                    if (ox == ow - V) {
                        break;
                    }
                }
            }
        }
    }

    /** Runs the kernels on throwaway arrays, both tile kinds, until the JIT has compiled them. */
    static void warmUp() {
        int c = 2, h = 6, wd = 18, kh = 3, kw = 3, o = 13, hp = h + 2, wp = wd + 2;   // 13 = 8 + 4 + 1 channels
        int columns = gridColumns(hp - kh + 1, wp), size = paddedSize(c, hp, wp, kh, kw);
        float[] x = new float[c * h * wd], w = new float[o * c * kh * kw], out = new float[o * h * wd];
        // the same planes padded as 18 rows of 6: rows shorter than a vector take their own branch
        int narrowSize = paddedSize(c, wd + 2, h + 2, kh, kw);
        float[] padded = new float[Math.max(size, narrowSize)], product = new float[o * columns];
        for (int i = 0; i < 3000; i++) {
            pad(x, 0, padded, narrowSize, c, wd, h, 1);
            pad(x, 0, padded, size, c, h, wd, 1);
            product(w, padded, product, columns, c, hp, wp, kh, kw, 0, o);
            copyOut(product, columns, wp, (i & 1) == 0 ? null : w, out, 0, 0, o, h, wd);
        }
    }
}
