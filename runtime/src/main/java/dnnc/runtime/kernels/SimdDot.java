package dnnc.runtime.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * C = A B^T for row-major A [m, k] and B [n, k] whose rows are long and few (a convolution's filter gradient
 * over one example: output channels by taps, summed over positions). Each element is a dot product of two
 * contiguous rows, computed in V lanes and summed across them at the end, for a block of 3 rows of A by 4 of B
 * at a time (12 accumulators, 7 loads per 12 multiply-adds). {@link Gemm} would have to pack B^T first, which
 * costs more than the products when m and n are this small. The sum's order depends only on k and V, never on
 * the thread or the block (HotSpot adds a vector's lanes in lane order, as the API's plain-Java fallback does), so
 * results are reproducible; they differ from {@link Gemm}'s in the last bits.
 */
final class SimdDot {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int V = S.length();

    private SimdDot() {
    }

    /** c[cOff + i*n + j] = (accumulate ? c[...] : 0) + dot(a row i, b row j), rows of length k. */
    static void abt(int m, int n, int k, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff,
                    boolean accumulate) {
        int i = 0;
        for (; i + 3 <= m; i += 3) {
            int j = 0;
            for (; j + 4 <= n; j += 4) {
                block3x4(k, a, aOff + i * k, b, bOff + j * k, c, cOff + i * n + j, n, accumulate);
            }
            for (; j < n; j++) {
                for (int r = i; r < i + 3; r++) {
                    single(k, a, aOff + r * k, b, bOff + j * k, c, cOff + r * n + j, accumulate);
                }
            }
        }
        for (; i < m; i++) {
            for (int j = 0; j < n; j++) {
                single(k, a, aOff + i * k, b, bOff + j * k, c, cOff + i * n + j, accumulate);
            }
        }
    }

    private static void block3x4(int k, float[] a, int a0, float[] b, int b0, float[] c, int c0, int n,
                                 boolean accumulate) {
        FloatVector s00 = FloatVector.zero(S), s01 = s00, s02 = s00, s03 = s00;
        FloatVector s10 = s00, s11 = s00, s12 = s00, s13 = s00;
        FloatVector s20 = s00, s21 = s00, s22 = s00, s23 = s00;
        int a1 = a0 + k, a2 = a1 + k, b1 = b0 + k, b2 = b1 + k, b3 = b2 + k;
        int end = k - k % V;
        for (int kk = 0; kk < end; kk += V) {
            FloatVector x0 = FloatVector.fromArray(S, a, a0 + kk);
            FloatVector x1 = FloatVector.fromArray(S, a, a1 + kk);
            FloatVector x2 = FloatVector.fromArray(S, a, a2 + kk);
            FloatVector y = FloatVector.fromArray(S, b, b0 + kk);
            s00 = x0.fma(y, s00);
            s10 = x1.fma(y, s10);
            s20 = x2.fma(y, s20);
            y = FloatVector.fromArray(S, b, b1 + kk);
            s01 = x0.fma(y, s01);
            s11 = x1.fma(y, s11);
            s21 = x2.fma(y, s21);
            y = FloatVector.fromArray(S, b, b2 + kk);
            s02 = x0.fma(y, s02);
            s12 = x1.fma(y, s12);
            s22 = x2.fma(y, s22);
            y = FloatVector.fromArray(S, b, b3 + kk);
            s03 = x0.fma(y, s03);
            s13 = x1.fma(y, s13);
            s23 = x2.fma(y, s23);
        }
        store(c, c0, accumulate, s00, k, end, a, a0, b, b0);
        store(c, c0 + 1, accumulate, s01, k, end, a, a0, b, b1);
        store(c, c0 + 2, accumulate, s02, k, end, a, a0, b, b2);
        store(c, c0 + 3, accumulate, s03, k, end, a, a0, b, b3);
        store(c, c0 + n, accumulate, s10, k, end, a, a1, b, b0);
        store(c, c0 + n + 1, accumulate, s11, k, end, a, a1, b, b1);
        store(c, c0 + n + 2, accumulate, s12, k, end, a, a1, b, b2);
        store(c, c0 + n + 3, accumulate, s13, k, end, a, a1, b, b3);
        store(c, c0 + 2 * n, accumulate, s20, k, end, a, a2, b, b0);
        store(c, c0 + 2 * n + 1, accumulate, s21, k, end, a, a2, b, b1);
        store(c, c0 + 2 * n + 2, accumulate, s22, k, end, a, a2, b, b2);
        store(c, c0 + 2 * n + 3, accumulate, s23, k, end, a, a2, b, b3);
    }

    private static void single(int k, float[] a, int ai, float[] b, int bj, float[] c, int at, boolean accumulate) {
        FloatVector s = FloatVector.zero(S);
        int end = k - k % V;
        for (int kk = 0; kk < end; kk += V) {
            s = FloatVector.fromArray(S, a, ai + kk).fma(FloatVector.fromArray(S, b, bj + kk), s);
        }
        store(c, at, accumulate, s, k, end, a, ai, b, bj);
    }

    /** c[at] (+)= the lanes' sum plus the products past the last whole vector, [end, k). */
    private static void store(float[] c, int at, boolean accumulate, FloatVector lanes, int k, int end, float[] a,
                              int ai, float[] b, int bj) {
        float sum = lanes.reduceLanes(VectorOperators.ADD);
        for (int kk = end; kk < k; kk++) {
            sum = Math.fma(a[ai + kk], b[bj + kk], sum);
        }
        c[at] = accumulate ? c[at] + sum : sum;
    }

    /**
     * Runs the kernel on throwaway arrays, blocks and edges, until the JIT has compiled it with C2: four blocks a
     * call and rows of several vectors, so that the blocks' calls and loops reach C2's thresholds (one block of
     * two vectors a call left them at C1, where the Vector API boxes every vector).
     */
    static void warmUp() {
        float[] a = new float[7 * 64], b = new float[9 * 64], c = new float[7 * 9];
        for (int i = 0; i < 3000; i++) {
            abt(7, 9, 61 + (i & 3), a, 0, b, 0, c, 0, (i & 1) == 0);
        }
    }
}
