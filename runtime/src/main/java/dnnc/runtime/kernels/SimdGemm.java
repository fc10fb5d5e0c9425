package dnnc.runtime.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The SIMD path of {@link Gemm}, written with the Vector API ({@code jdk.incubator.vector}). {@link Gemm} loads
 * this class only when the module is in the boot layer, so a JVM started without it never touches it.
 *
 * <p>Every element of the result is one chain of fused multiply-adds in increasing {@code k} order, starting from
 * 0 or from the old value of {@code c}: {@code s = fma(op(A)[i][kk], op(B)[kk][j], s)}. Blocking, the kernel
 * that happens to compute an element (8-row, 1-row, edge) and the thread count never change that chain, so the
 * results are bit-identical for 1 and 2 threads and a row computed alone equals the same row of a batch.
 *
 * <p>Structure (after Goto and BLIS): for each block of {@code KC x NC} of op(B), the block is packed into
 * strips of {@code NR = 2 * lanes} columns laid out k-major, zero-padded; an 8 x NR register tile (16 vector
 * accumulators) then runs down the k block for every strip, reading its 8 rows of op(A) where they lie. (Packing
 * those rows k-major, as BLIS does, cost more than it saved here: 1024^3 took 0.82-0.90 of the time without it,
 * the MLP's products 0.87-0.98.) Rows left over (fewer than 8) use the 1-row kernels of {@link SimdGemmRow}.
 * With fewer than 8 rows in all (inference on one example, say) nothing is packed when op(B) is stored
 * row-major: the 1-row kernels read op(B) where it lies, and only a ragged last strip is copied.
 * Edge tiles go through a small scratch tile, so the vector loads and stores never leave the arrays.
 */
final class SimdGemm {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    /** Floats per vector. */
    static final int V = S.length();
    /** Columns per strip: the register tile is MR x NR. */
    static final int NR = 2 * V;
    /**
     * Rows per register tile. Eight rather than six: each k then brings 16 multiply-adds for 2 loads of op(B), and
     * the batch sizes, widths and channel counts people use (32, 128, 256, 784 = 98 x 8, 16 or 32 channels) leave
     * no rows for the slower 1-row kernels (batch 32 steps of the Fashion-MNIST MLP: 14% faster, same results).
     */
    static final int MR = 8;
    static final int KC = 256;
    static final int NC = 256;
    /** Products with at most this many rows read a row-major op(B) in place (see compute). */
    static final int PACK_B_MIN_ROWS = 64;

    private SimdGemm() {
    }

    /** Vector length in floats (for the choice made in {@link Gemm}). */
    static int lanes() {
        return V;
    }

    /** Scratch space of one thread; allocated once, on the first SIMD product that thread computes. */
    static final class Scratch {
        final float[] b = new float[KC * roundUp(NC, NR)];
        /** A strided row of op(A) made contiguous for the 1-row kernels ({@link SimdGemmRow#row1}). */
        final float[] a = new float[KC];
        final float[] tail = new float[KC * NR];
        final float[] tile = new float[MR * NR];
        /** Rows of the current k block whose ragged last strip is read in place; the rest are in tail. */
        int tailInPlace;
    }

    static int roundUp(int x, int y) {
        return (x + y - 1) / y * y;
    }

    /** Computes rows [r0, r1) x columns [q0, q1) of the job's C. */
    static void compute(Gemm.Job job, int r0, int r1, int q0, int q1, Gemm.Workspace ws) {
        Scratch s = (Scratch) ws.simd;
        if (s == null) {
            s = new Scratch();
            ws.simd = s;
        }
        final int k = job.k;
        // Packing op(B) costs a pass over it, paid back only when enough 8-row blocks reuse the packed copy. With
        // few rows (a convolution's output channels against a whole batch of positions) the kernels read a
        // row-major op(B) where it lies instead.
        final boolean packB = job.bCol != 1 || r1 - r0 > Math.max(MR - 1, PACK_B_MIN_ROWS);
        // A single row read against op(B) in place uses each element of op(B) once, so blocking k saves nothing;
        // it would only restart the cache's prefetch streams (a 1 x 256 x 784 product took 25% longer in blocks).
        final int kc = !packB && r1 - r0 == 1 && job.aK == 1 ? k : KC;
        for (int qb = q0; qb < q1; qb += NC) {
            int nb = Math.min(NC, q1 - qb);
            for (int k0 = 0; k0 < k; k0 += kc) {
                int kb = Math.min(kc, k - k0);
                boolean zero = k0 == 0 && !job.accumulate;
                if (packB) {
                    packB(job, k0, kb, qb, nb, s.b);
                } else if (nb % NR != 0) {
                    // read in place, a ragged last strip too (its extra lanes are never stored) as far as whole
                    // strips stay inside the array; its last rows are copied once here, for every row to use
                    int q = qb + nb - nb % NR;
                    int lastWhole = Math.floorDiv(job.b.length - q - NR, job.bK);   // last row read whole in place
                    s.tailInPlace = Math.max(0, Math.min(kb, lastWhole + 1 - k0));
                    packTail(job, k0 + s.tailInPlace, kb - s.tailInPlace, q, nb % NR, s.tail);
                }
                int r = r0;
                for (; r + MR <= r1; r += MR) {
                    rowsTile(job, r, k0, qb, nb, kb, zero, packB, s);
                }
                for (; r < r1; r++) {
                    SimdGemmRow.row1(job, r, k0, kb, qb, nb, zero, packB, s);
                }
            }
        }
    }

    /** Strip t of the block: s.b[(t * kb + kk) * NR + l] = B'[k0 + kk][qb + t * NR + l], zero past the block. */
    private static void packB(Gemm.Job job, int k0, int kb, int qb, int nb, float[] dst) {
        final float[] b = job.b;
        final int bK = job.bK, bCol = job.bCol;
        for (int t = 0, q = 0; q < nb; t++, q += NR) {
            int w = Math.min(NR, nb - q);
            int base = t * kb * NR;
            if (bCol == 1) {
                int src = k0 * bK + qb + q;
                for (int kk = 0; kk < kb; kk++, src += bK) {
                    System.arraycopy(b, src, dst, base + kk * NR, w);
                    for (int l = w; l < NR; l++) {
                        dst[base + kk * NR + l] = 0f;
                    }
                }
            } else {
                // B' is B transposed: each column of B' is contiguous when bK == 1.
                for (int l = 0; l < w; l++) {
                    int src = (qb + q + l) * bCol + k0 * bK;
                    for (int kk = 0; kk < kb; kk++) {
                        dst[base + kk * NR + l] = b[src + kk * bK];
                    }
                }
                for (int l = w; l < NR; l++) {
                    for (int kk = 0; kk < kb; kk++) {
                        dst[base + kk * NR + l] = 0f;
                    }
                }
            }
        }
    }

    /**
     * Rows r .. r+7, every strip of the block, reading op(A) where it lies. op(B) is packed in
     * s.b, or read in place (row-major B'; the last rows of a ragged last strip from s.tail, where compute copied
     * them).
     */
    private static void rowsTile(Gemm.Job job, int r, int k0, int qb, int nb, int kb, boolean zero, boolean packed,
            Scratch s) {
        final float[] c = job.c, ap = job.a;
        final int ar = job.aRow, ak = job.aK, ao = r * ar + k0 * ak;
        final int cRow = job.cRow, cCol = job.cCol;
        for (int t = 0, q = 0; q < nb; t++, q += NR) {
            int w = Math.min(NR, nb - q);
            float[] bp = s.b;
            int bo = t * kb * NR, bs = NR;
            if (!packed && w == NR) {
                bp = job.b;
                bo = k0 * job.bK + qb + q;
                bs = job.bK;
            } else if (!packed) {
                float[] tile = s.tile;
                if (!zero) {
                    loadTile(job, r, MR, qb + q, w, tile);
                }
                int inPlace = s.tailInPlace;
                if (inPlace > 0) {
                    kernel8(inPlace, ap, ao, ar, ak, job.b, k0 * job.bK + qb + q, job.bK, tile, 0, NR, zero);
                }
                if (inPlace < kb) {
                    kernel8(kb - inPlace, ap, ao + inPlace * ak, ar, ak, s.tail, 0, NR, tile, 0, NR,
                            zero && inPlace == 0);
                }
                storeTile(job, r, MR, qb + q, w, tile);
                continue;
            }
            if (cCol == 1 && w == NR) {
                kernel8(kb, ap, ao, ar, ak, bp, bo, bs, c, r * cRow + qb + q, cRow, zero);
            } else {
                float[] tile = s.tile;
                if (!zero) {
                    loadTile(job, r, MR, qb + q, w, tile);
                }
                kernel8(kb, ap, ao, ar, ak, bp, bo, bs, tile, 0, NR, zero);
                storeTile(job, r, MR, qb + q, w, tile);
            }
        }
    }

    /** tail[kk * NR + l] = B'[k0 + kk][q + l] for l < w, zero beyond (B' row-major). */
    private static void packTail(Gemm.Job job, int k0, int kb, int q, int w, float[] tail) {
        final float[] b = job.b;
        int src = k0 * job.bK + q;
        for (int kk = 0; kk < kb; kk++, src += job.bK) {
            System.arraycopy(b, src, tail, kk * NR, w);
            for (int l = w; l < NR; l++) {
                tail[kk * NR + l] = 0f;
            }
        }
    }

    static void loadTile(Gemm.Job job, int r, int rows, int q, int w, float[] tile) {
        final float[] c = job.c;
        final int cRow = job.cRow, cCol = job.cCol;
        for (int i = 0; i < rows; i++) {
            int base = (r + i) * cRow + q * cCol;
            for (int l = 0; l < w; l++) {
                tile[i * NR + l] = c[base + l * cCol];
            }
        }
    }

    static void storeTile(Gemm.Job job, int r, int rows, int q, int w, float[] tile) {
        final float[] c = job.c;
        final int cRow = job.cRow, cCol = job.cCol;
        for (int i = 0; i < rows; i++) {
            int base = (r + i) * cRow + q * cCol;
            for (int l = 0; l < w; l++) {
                c[base + l * cCol] = tile[i * NR + l];
            }
        }
    }

    // ---- register kernels. C2 keeps every accumulator in a vector register.

    /**
     * c[co + i*cs + l] (MR = 8 rows, NR columns) = fma chain over kk of ap[ao + i*ar + kk*ak] * bp[bo + kk*bs + l]:
     * op(A) in place; op(B) packed (bs = NR) or in place (bs = its row stride). 16 accumulators, two vectors of
     * op(B) and a broadcast: 19 of the 32 vector registers.
     */
    private static void kernel8(int kb, float[] ap, int ao, int ar, int ak, float[] bp, int bo, int bs, float[] c,
            int co, int cs, boolean zero) {
        FloatVector c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51, c60, c61, c70, c71;
        if (zero) {
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
        final int a1 = ar, a2 = 2 * ar, a3 = 3 * ar, a4 = 4 * ar, a5 = 5 * ar, a6 = 6 * ar, a7 = 7 * ar;
        for (int kk = 0, ai = ao, bi = bo; kk < kb; kk++, ai += ak, bi += bs) {
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + V);
            FloatVector x = FloatVector.broadcast(S, ap[ai]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, ap[ai + a1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, ap[ai + a2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, ap[ai + a3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, ap[ai + a4]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, ap[ai + a5]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
            x = FloatVector.broadcast(S, ap[ai + a6]);
            c60 = x.fma(b0, c60);
            c61 = x.fma(b1, c61);
            x = FloatVector.broadcast(S, ap[ai + a7]);
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
}
