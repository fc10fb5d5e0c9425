package dnnc.runtime.kernels;

import static dnnc.runtime.kernels.SimdGemm.NR;
import static dnnc.runtime.kernels.SimdGemm.S;
import static dnnc.runtime.kernels.SimdGemm.V;

import jdk.incubator.vector.FloatVector;

/**
 * The 1-row kernels of {@link SimdGemm}: a row of op(A) against op(B), for the rows an 8-row tile leaves over and
 * for products of fewer than 8 rows (a one-example prediction). The same chain of fused multiply-adds per element
 * as the 8-row kernel, so a row computed here equals the same row computed in a tile. Such a product reads each
 * element of op(B) once, so it is bound by how fast op(B) streams from the caches: the kernels read op(B) where it
 * lies when it is row-major, several strips of a row of it a k, with enough accumulators to hide the latency of
 * the multiply-adds.
 */
final class SimdGemmRow {
    private SimdGemmRow() {
    }

    /**
     * Whether each row of a product this many columns wide, op(B) read in place, takes one pass of at most four
     * accumulator vectors. Such a pass lasts k multiply-adds that wait on each other, however few vectors it has:
     * halves of the columns on two threads take as long as all of them on one (a one-example dense 48 of 1568
     * inputs: 4.4 µs split, 3.5 µs in one pass on one thread).
     */
    static boolean onePassOfFewChains(int cols) {
        return cols <= NR || cols == 3 * V || cols == 2 * NR;
    }

    /** Row r, every strip; op(B) packed in s.b, or read in place (row-major B', no packing). */
    static void row1(Gemm.Job job, int r, int k0, int kb, int qb, int nb, boolean zero, boolean packed,
            SimdGemm.Scratch s) {
        final float[] c = job.c;
        final int cRow = job.cRow, cCol = job.cCol;
        float[] a = job.a;
        int ao = r * job.aRow + k0 * job.aK;
        if (job.aK != 1) {
            // The 1-row kernels read op(A)'s row with stride 1, which the compiler checks once per loop instead of
            // once per element (the strided loop was 15% slower); kb <= KC here (see compute).
            for (int kk = 0; kk < kb; kk++) {
                s.a[kk] = a[ao + kk * job.aK];
            }
            a = s.a;
            ao = 0;
        }
        final float[] src = packed ? s.b : job.b;
        final int bs = packed ? NR : job.bK;
        int q = 0, t = 0;
        if (cCol == 1 && !packed) {
            // Four full strips of a row of op(B) at a time, read in place: one contiguous run per k, which streams
            // from the cache twice as fast as two strips, and 8 accumulators to hide the multiply-add latency.
            for (; q + 4 * NR <= nb; q += 4 * NR, t += 4) {
                kernel1x8(kb, a, ao, job.b, k0 * job.bK + qb + q, job.bK, c, r * cRow + qb + q, zero);
            }
            if (nb - q > 3 * NR) {
                // three full strips and a ragged one (a layer 100 wide): one pass of 8 accumulators instead of
                // three, each a chain of k multiply-adds waiting on each other
                fourStripsLastRagged(job, r, k0, kb, qb + q, nb - q, zero, s, a, ao);
                q = nb;
            }
            if (nb - q == 3 * V) {
                // exactly three vectors left (a layer 48 wide): one pass, three chains at once, instead of a strip
                // and then a ragged strip, each a chain of k multiply-adds waiting on each other
                kernel1x3(kb, a, ao, job.b, k0 * job.bK + qb + q, job.bK, c, r * cRow + qb + q, zero);
                q += 3 * V;
            }
        }
        if (cCol == 1) {
            // Two full strips at a time: 4 independent accumulators.
            for (; q + 2 * NR <= nb; q += 2 * NR, t += 2) {
                int b0 = packed ? t * kb * NR : k0 * job.bK + qb + q;
                int b1 = packed ? b0 + kb * NR : b0 + NR;
                kernel1x4(kb, a, ao, src, b0, b1, bs, c, r * cRow + qb + q, zero);
            }
        }
        for (; q < nb; q += NR, t++) {
            int w = Math.min(NR, nb - q);
            float[] bsrc = src;
            int bo, bstride = bs;
            if (packed) {
                bo = t * kb * NR;
            } else if (w == NR) {
                bo = k0 * job.bK + qb + q;
            } else {
                raggedStrip1(job, r, k0, kb, qb + q, w, zero, s, a, ao);
                continue;
            }
            if (cCol == 1 && w == NR) {
                kernel1x2(kb, a, ao, bsrc, bo, bstride, c, r * cRow + qb + q, zero);
            } else {
                float[] tile = s.tile;
                if (!zero) {
                    SimdGemm.loadTile(job, r, 1, qb + q, w, tile);
                }
                kernel1x2(kb, a, ao, bsrc, bo, bstride, tile, 0, zero);
                SimdGemm.storeTile(job, r, 1, qb + q, w, tile);
            }
        }
    }

    /** Row r, the ragged last strip (w &lt; NR columns from q) of a row-major op(B) read in place. */
    private static void raggedStrip1(Gemm.Job job, int r, int k0, int kb, int q, int w, boolean zero, SimdGemm.Scratch s,
            float[] a, int ao) {
        float[] tile = s.tile;
        if (!zero) {
            SimdGemm.loadTile(job, r, 1, q, w, tile);
        }
        int inPlace = s.tailInPlace;
        if (inPlace > 0) {
            kernel1x2(inPlace, a, ao, job.b, k0 * job.bK + q, job.bK, tile, 0, zero);
        }
        if (inPlace < kb) {
            kernel1x2(kb - inPlace, a, ao + inPlace, s.tail, 0, NR, tile, 0, zero && inPlace == 0);
        }
        SimdGemm.storeTile(job, r, 1, q, w, tile);
    }

    /**
     * Row r, columns [q, q + w) of a row-major op(B) read in place, 3 NR &lt; w &lt; 4 NR: kernel1x8 with its last
     * strip ragged. That strip's extra lanes are computed and dropped (through s.tile), and its rows from
     * s.tailInPlace on, which would read past the array, come from s.tail, in the same order of k.
     */
    private static void fourStripsLastRagged(Gemm.Job job, int r, int k0, int kb, int q, int w, boolean zero,
            SimdGemm.Scratch s, float[] a, int ao) {
        final float[] bp = job.b, tile = s.tile, tail = s.tail, c = job.c;
        final int bs = job.bK, co = r * job.cRow + q, ragged = w - 3 * NR;
        FloatVector c0, c1, c2, c3, c4, c5, c6, c7;
        if (zero) {
            c0 = c1 = c2 = c3 = c4 = c5 = c6 = c7 = FloatVector.zero(S);
        } else {
            SimdGemm.loadTile(job, r, 1, q + 3 * NR, ragged, tile);
            c0 = FloatVector.fromArray(S, c, co);
            c1 = FloatVector.fromArray(S, c, co + V);
            c2 = FloatVector.fromArray(S, c, co + 2 * V);
            c3 = FloatVector.fromArray(S, c, co + 3 * V);
            c4 = FloatVector.fromArray(S, c, co + 4 * V);
            c5 = FloatVector.fromArray(S, c, co + 5 * V);
            c6 = FloatVector.fromArray(S, tile, 0);
            c7 = FloatVector.fromArray(S, tile, V);
        }
        int inPlace = s.tailInPlace, kk = 0;
        for (int x = k0 * bs + q; kk < inPlace; kk++, x += bs) {
            FloatVector y = FloatVector.broadcast(S, a[ao + kk]);
            c0 = y.fma(FloatVector.fromArray(S, bp, x), c0);
            c1 = y.fma(FloatVector.fromArray(S, bp, x + V), c1);
            c2 = y.fma(FloatVector.fromArray(S, bp, x + 2 * V), c2);
            c3 = y.fma(FloatVector.fromArray(S, bp, x + 3 * V), c3);
            c4 = y.fma(FloatVector.fromArray(S, bp, x + 4 * V), c4);
            c5 = y.fma(FloatVector.fromArray(S, bp, x + 5 * V), c5);
            c6 = y.fma(FloatVector.fromArray(S, bp, x + 6 * V), c6);
            c7 = y.fma(FloatVector.fromArray(S, bp, x + 7 * V), c7);
        }
        for (int x = (k0 + kk) * bs + q, t = 0; kk < kb; kk++, x += bs, t += NR) {
            FloatVector y = FloatVector.broadcast(S, a[ao + kk]);
            c0 = y.fma(FloatVector.fromArray(S, bp, x), c0);
            c1 = y.fma(FloatVector.fromArray(S, bp, x + V), c1);
            c2 = y.fma(FloatVector.fromArray(S, bp, x + 2 * V), c2);
            c3 = y.fma(FloatVector.fromArray(S, bp, x + 3 * V), c3);
            c4 = y.fma(FloatVector.fromArray(S, bp, x + 4 * V), c4);
            c5 = y.fma(FloatVector.fromArray(S, bp, x + 5 * V), c5);
            c6 = y.fma(FloatVector.fromArray(S, tail, t), c6);
            c7 = y.fma(FloatVector.fromArray(S, tail, t + V), c7);
        }
        c0.intoArray(c, co);
        c1.intoArray(c, co + V);
        c2.intoArray(c, co + 2 * V);
        c3.intoArray(c, co + 3 * V);
        c4.intoArray(c, co + 4 * V);
        c5.intoArray(c, co + 5 * V);
        c6.intoArray(tile, 0);
        c7.intoArray(tile, V);
        SimdGemm.storeTile(job, r, 1, q + 3 * NR, ragged, tile);
    }

    /** One row, four strips: columns [0, 4 NR) from bp at bo, k stride bs. */
    private static void kernel1x8(int kb, float[] a, int ao, float[] bp, int bo, int bs, float[] c, int co,
            boolean zero) {
        FloatVector c0, c1, c2, c3, c4, c5, c6, c7;
        if (zero) {
            c0 = c1 = c2 = c3 = c4 = c5 = c6 = c7 = FloatVector.zero(S);
        } else {
            c0 = FloatVector.fromArray(S, c, co);
            c1 = FloatVector.fromArray(S, c, co + V);
            c2 = FloatVector.fromArray(S, c, co + 2 * V);
            c3 = FloatVector.fromArray(S, c, co + 3 * V);
            c4 = FloatVector.fromArray(S, c, co + 4 * V);
            c5 = FloatVector.fromArray(S, c, co + 5 * V);
            c6 = FloatVector.fromArray(S, c, co + 6 * V);
            c7 = FloatVector.fromArray(S, c, co + 7 * V);
        }
        for (int kk = 0, x = bo; kk < kb; kk++, x += bs) {
            FloatVector y = FloatVector.broadcast(S, a[ao + kk]);
            c0 = y.fma(FloatVector.fromArray(S, bp, x), c0);
            c1 = y.fma(FloatVector.fromArray(S, bp, x + V), c1);
            c2 = y.fma(FloatVector.fromArray(S, bp, x + 2 * V), c2);
            c3 = y.fma(FloatVector.fromArray(S, bp, x + 3 * V), c3);
            c4 = y.fma(FloatVector.fromArray(S, bp, x + 4 * V), c4);
            c5 = y.fma(FloatVector.fromArray(S, bp, x + 5 * V), c5);
            c6 = y.fma(FloatVector.fromArray(S, bp, x + 6 * V), c6);
            c7 = y.fma(FloatVector.fromArray(S, bp, x + 7 * V), c7);
        }
        c0.intoArray(c, co);
        c1.intoArray(c, co + V);
        c2.intoArray(c, co + 2 * V);
        c3.intoArray(c, co + 3 * V);
        c4.intoArray(c, co + 4 * V);
        c5.intoArray(c, co + 5 * V);
        c6.intoArray(c, co + 6 * V);
        c7.intoArray(c, co + 7 * V);
    }

    /** One row, two strips: columns [0, NR) from bp at b0 and [NR, 2NR) from bp at b1, k stride bs. */
    private static void kernel1x4(int kb, float[] a, int ao, float[] bp, int b0, int b1, int bs, float[] c,
            int co, boolean zero) {
        FloatVector c0, c1, c2, c3;
        if (zero) {
            c0 = c1 = c2 = c3 = FloatVector.zero(S);
        } else {
            c0 = FloatVector.fromArray(S, c, co);
            c1 = FloatVector.fromArray(S, c, co + V);
            c2 = FloatVector.fromArray(S, c, co + 2 * V);
            c3 = FloatVector.fromArray(S, c, co + 3 * V);
        }
        for (int kk = 0, x0 = b0, x1 = b1; kk < kb; kk++, x0 += bs, x1 += bs) {
            FloatVector x = FloatVector.broadcast(S, a[ao + kk]);
            c0 = x.fma(FloatVector.fromArray(S, bp, x0), c0);
            c1 = x.fma(FloatVector.fromArray(S, bp, x0 + V), c1);
            c2 = x.fma(FloatVector.fromArray(S, bp, x1), c2);
            c3 = x.fma(FloatVector.fromArray(S, bp, x1 + V), c3);
        }
        c0.intoArray(c, co);
        c1.intoArray(c, co + V);
        c2.intoArray(c, co + 2 * V);
        c3.intoArray(c, co + 3 * V);
    }

    /** One row, three vectors: columns [0, 3V) from bp at bo, k stride bs. */
    private static void kernel1x3(int kb, float[] a, int ao, float[] bp, int bo, int bs, float[] c, int co,
            boolean zero) {
        FloatVector c0, c1, c2;
        if (zero) {
            c0 = c1 = c2 = FloatVector.zero(S);
        } else {
            c0 = FloatVector.fromArray(S, c, co);
            c1 = FloatVector.fromArray(S, c, co + V);
            c2 = FloatVector.fromArray(S, c, co + 2 * V);
        }
        for (int kk = 0, x = bo; kk < kb; kk++, x += bs) {
            FloatVector y = FloatVector.broadcast(S, a[ao + kk]);
            c0 = y.fma(FloatVector.fromArray(S, bp, x), c0);
            c1 = y.fma(FloatVector.fromArray(S, bp, x + V), c1);
            c2 = y.fma(FloatVector.fromArray(S, bp, x + 2 * V), c2);
        }
        c0.intoArray(c, co);
        c1.intoArray(c, co + V);
        c2.intoArray(c, co + 2 * V);
    }

    /** One row, one strip of NR columns from bp at bo, k stride bs. */
    private static void kernel1x2(int kb, float[] a, int ao, float[] bp, int bo, int bs, float[] c, int co,
            boolean zero) {
        FloatVector c0, c1;
        if (zero) {
            c0 = c1 = FloatVector.zero(S);
        } else {
            c0 = FloatVector.fromArray(S, c, co);
            c1 = FloatVector.fromArray(S, c, co + V);
        }
        for (int kk = 0, x0 = bo; kk < kb; kk++, x0 += bs) {
            FloatVector x = FloatVector.broadcast(S, a[ao + kk]);
            c0 = x.fma(FloatVector.fromArray(S, bp, x0), c0);
            c1 = x.fma(FloatVector.fromArray(S, bp, x0 + V), c1);
        }
        c0.intoArray(c, co);
        c1.intoArray(c, co + V);
    }
}
