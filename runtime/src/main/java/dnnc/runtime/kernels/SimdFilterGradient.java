package dnnc.runtime.kernels;

import static dnnc.runtime.kernels.SimdGemm.MR;
import static dnnc.runtime.kernels.SimdGemm.NR;
import static dnnc.runtime.kernels.SimdGemm.S;
import static dnnc.runtime.kernels.SimdGemm.V;

import jdk.incubator.vector.FloatVector;

/**
 * The SIMD path's filter gradient of a stride-1 convolution, one example at a time, read from the example
 * zero-padded ({@link SimdConv#pad}) where it lies instead of from its unfolded columns. The gradient of filter
 * tap r = (ch, ky, kx) for output channel oc is the sum over output positions p = (oy, ox), in order, of g[oc, p]
 * times the input the tap multiplies there, padded[taps[r] + oy * WP + ox] (see {@link SimdConv}).
 *
 * <p>{@link Conv2d} computed it as the product of the unfolded columns [K, P] with g transposed, [P, O], in
 * {@link SimdGemm}: vectors over output channels, each element one chain of fused multiply-adds over p from its
 * start (0, or the sum so far). This computes the same chain per element, so the same floats, without writing
 * the columns out first: K times the input, 113 KB for a second convolution's example of 16 channels, whose
 * unfolding took 4.2 of the 26 µs of its gradient. The DESIGN CNN's second convolution's filter gradient, a batch
 * of 128 on two threads, takes 0.88-0.90 of the time it took through the columns.
 */
final class SimdFilterGradient {
    // SimdGemm's register tile: MR = 8 taps (its rows) by NR = 2 vectors of output channels (its columns).
    /** Per thread: where each output position lies in the padded plane (see {@link #accumulate}). */
    private static final ThreadLocal<int[]> GRID = ThreadLocal.withInitial(() -> new int[0]);
    /** Per thread: a tile of the sums for a last strip narrower than NR channels. */
    private static final ThreadLocal<float[]> TILE = ThreadLocal.withInitial(() -> new float[MR * NR]);

    private SimdFilterGradient() {
    }

    /** Floats that {@link #transpose} writes for o output channels over this many positions. */
    static int transposedSize(int o, int positions) {
        return strips(o) * positions * NR;
    }

    private static int strips(int o) {
        return (o + NR - 1) / NR;
    }

    /**
     * gt[(s * P + p) * NR + l] = g[gOff + (s * NR + l) * P + p], 0 past the last channel: one example's gradient
     * [O, P] transposed, NR output channels at a time (what {@link SimdGemm} packs op(B) into).
     */
    static void transpose(float[] g, int gOff, int o, int positions, float[] gt) {
        // Each channel's row read in order, its values stored NR apart (into 25 KB for 32 channels over 196
        // positions, which stay in the L1 cache): reading 32 rows at once, a position at a time, took 5 times as long.
        for (int oc = 0; oc < strips(o) * NR; oc++) {
            int at = oc / NR * positions * NR + oc % NR;
            if (oc < o) {
                for (int p = 0, src = gOff + oc * positions; p < positions; p++) {
                    gt[at + p * NR] = g[src + p];
                }
            } else {
                for (int p = 0; p < positions; p++) {
                    gt[at + p * NR] = 0f;
                }
            }
        }
    }

    /**
     * Where output position p = oy * ow + ox lies in a padded plane wp wide, oy * wp + ox, for p &lt; oh * ow: this
     * thread's table. The kernels walk the positions in one loop, reading each one's place from it: vectors carried
     * through a loop over rows and one over columns were boxed on every row (C2 of JDK 17), and stepping over each
     * row's end with a test cost the time the columns saved.
     */
    static int[] grid(int oh, int ow, int wp) {
        int[] grid = GRID.get();
        if (grid.length < oh * ow) {
            grid = new int[oh * ow];
            GRID.set(grid);
        }
        for (int oy = 0, p = 0; oy < oh; oy++) {
            for (int ox = 0; ox < ow; ox++, p++) {
                grid[p] = oy * wp + ox;
            }
        }
        return grid;
    }

    /**
     * partialT[r * o + oc] = (fresh ? 0 : partialT[r * o + oc]) + the sum over output positions p of
     * padded[taps[r] + grid[p]] * g[oc, p], for taps r &lt; k and channels oc &lt; o; gt holds g transposed
     * ({@link #transpose}), grid the positions' places ({@link #grid}).
     */
    static void accumulate(float[] padded, int[] taps, int k, int[] grid, int positions, float[] gt, int o,
                           float[] partialT, boolean fresh) {
        for (int s = 0; s < strips(o); s++) {
            int oc = s * NR, w = Math.min(NR, o - oc), go = s * positions * NR;
            for (int r = 0, rows; r < k; r += rows) {
                rows = r + MR <= k ? MR : 1;
                if (w == NR) {
                    kernel(rows, padded, taps, r, grid, positions, gt, go, partialT, r * o + oc, o, fresh);
                } else {   // a last strip narrower than NR channels: through a tile, so the stores stay inside
                    float[] tile = TILE.get();
                    if (!fresh) {
                        copyTile(partialT, r * o + oc, o, tile, 0, NR, rows, w);
                    }
                    kernel(rows, padded, taps, r, grid, positions, gt, go, tile, 0, NR, fresh);
                    copyTile(tile, 0, NR, partialT, r * o + oc, o, rows, w);
                }
            }
        }
    }

    /** {@link #kernel8} for 8 taps from r, {@link #kernel1} for one. */
    private static void kernel(int rows, float[] padded, int[] taps, int r, int[] grid, int positions, float[] gt,
                               int go, float[] c, int co, int cs, boolean fresh) {
        if (rows == MR) {
            kernel8(padded, taps, r, grid, positions, gt, go, c, co, cs, fresh);
        } else {
            kernel1(padded, taps[r], grid, positions, gt, go, c, co, fresh);
        }
    }

    /** rows x w floats from src (row stride ss) to dst (row stride ds). */
    private static void copyTile(float[] src, int so, int ss, float[] dst, int d0, int ds, int rows, int w) {
        for (int i = 0; i < rows; i++) {
            System.arraycopy(src, so + i * ss, dst, d0 + i * ds, w);
        }
    }

    /**
     * c[co + i*cs + l] (+)= the chain over positions of padded[taps[r + i] + grid[p]] * gt[go + p*NR + l], for 8 taps
     * and NR channels; as {@link SimdGemm}'s 8-row kernel, the position in the padded plane taking the place of k.
     */
    private static void kernel8(float[] padded, int[] taps, int r, int[] grid, int positions, float[] gt, int go,
                                float[] c, int co, int cs, boolean fresh) {
        FloatVector c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51, c60, c61, c70, c71;
        if (fresh) {
            c00 = c01 = c10 = c11 = c20 = c21 = c30 = c31 = FloatVector.zero(S);
            c40 = c41 = c50 = c51 = c60 = c61 = c70 = c71 = c00;
        } else {
            c00 = FloatVector.fromArray(S, c, co);
            c01 = FloatVector.fromArray(S, c, co + V);
            c10 = FloatVector.fromArray(S, c, co + cs);
            c11 = FloatVector.fromArray(S, c, co + cs + V);
            c20 = FloatVector.fromArray(S, c, co + 2 * cs);
            c21 = FloatVector.fromArray(S, c, co + 2 * cs + V);
            c30 = FloatVector.fromArray(S, c, co + 3 * cs);
            c31 = FloatVector.fromArray(S, c, co + 3 * cs + V);
            c40 = FloatVector.fromArray(S, c, co + 4 * cs);
            c41 = FloatVector.fromArray(S, c, co + 4 * cs + V);
            c50 = FloatVector.fromArray(S, c, co + 5 * cs);
            c51 = FloatVector.fromArray(S, c, co + 5 * cs + V);
            c60 = FloatVector.fromArray(S, c, co + 6 * cs);
            c61 = FloatVector.fromArray(S, c, co + 6 * cs + V);
            c70 = FloatVector.fromArray(S, c, co + 7 * cs);
            c71 = FloatVector.fromArray(S, c, co + 7 * cs + V);
        }
        final int t0 = taps[r], t1 = taps[r + 1], t2 = taps[r + 2], t3 = taps[r + 3];
        final int t4 = taps[r + 4], t5 = taps[r + 5], t6 = taps[r + 6], t7 = taps[r + 7];
        for (int p = 0, bi = go; p < positions; p++, bi += NR) {
            final int q = grid[p];
            FloatVector b0 = FloatVector.fromArray(S, gt, bi);
            FloatVector b1 = FloatVector.fromArray(S, gt, bi + V);
            FloatVector x = FloatVector.broadcast(S, padded[t0 + q]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, padded[t1 + q]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, padded[t2 + q]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, padded[t3 + q]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, padded[t4 + q]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, padded[t5 + q]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
            x = FloatVector.broadcast(S, padded[t6 + q]);
            c60 = x.fma(b0, c60);
            c61 = x.fma(b1, c61);
            x = FloatVector.broadcast(S, padded[t7 + q]);
            c70 = x.fma(b0, c70);
            c71 = x.fma(b1, c71);
        }
        c00.intoArray(c, co);
        c01.intoArray(c, co + V);
        c10.intoArray(c, co + cs);
        c11.intoArray(c, co + cs + V);
        c20.intoArray(c, co + 2 * cs);
        c21.intoArray(c, co + 2 * cs + V);
        c30.intoArray(c, co + 3 * cs);
        c31.intoArray(c, co + 3 * cs + V);
        c40.intoArray(c, co + 4 * cs);
        c41.intoArray(c, co + 4 * cs + V);
        c50.intoArray(c, co + 5 * cs);
        c51.intoArray(c, co + 5 * cs + V);
        c60.intoArray(c, co + 6 * cs);
        c61.intoArray(c, co + 6 * cs + V);
        c70.intoArray(c, co + 7 * cs);
        c71.intoArray(c, co + 7 * cs + V);
    }

    /** {@link #kernel8} for one tap, starting at t in the padded planes. */
    private static void kernel1(float[] padded, int t, int[] grid, int positions, float[] gt, int go, float[] c,
                                int co, boolean fresh) {
        FloatVector c0 = fresh ? FloatVector.zero(S) : FloatVector.fromArray(S, c, co);
        FloatVector c1 = fresh ? FloatVector.zero(S) : FloatVector.fromArray(S, c, co + V);
        for (int p = 0, bi = go; p < positions; p++, bi += NR) {
            FloatVector x = FloatVector.broadcast(S, padded[t + grid[p]]);
            c0 = x.fma(FloatVector.fromArray(S, gt, bi), c0);
            c1 = x.fma(FloatVector.fromArray(S, gt, bi + V), c1);
        }
        c0.intoArray(c, co);
        c1.intoArray(c, co + V);
    }

    /** Runs the kernels on throwaway arrays, both tile kinds and a ragged strip, until the JIT has compiled them. */
    static void warmUp() {
        int c = 2, h = 5, wd = 6, kh = 3, kw = 3, hp = h + 2, wp = wd + 2, k = c * kh * kw;   // 18 = 8 + 8 + 2 taps
        int positions = h * wd;
        float[] x = new float[c * h * wd], padded = new float[SimdConv.paddedSize(c, hp, wp, kh, kw)];
        float[] g = new float[(NR + 3) * positions], gt = new float[transposedSize(NR + 3, positions)];
        float[] partialT = new float[k * (NR + 3)];
        int[] taps = SimdConv.taps(c, hp, wp, kh, kw), grid = grid(h, wd, wp);
        for (int i = 0; i < 3000; i++) {
            SimdConv.pad(x, 0, padded, padded.length, c, h, wd, 1);
            transpose(g, 0, NR + 3, positions, gt);
            accumulate(padded, taps, k, grid, positions, gt, NR + 3, partialT, (i & 1) == 0);
        }
    }
}
