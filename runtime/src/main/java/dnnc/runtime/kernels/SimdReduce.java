package dnnc.runtime.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/** The SIMD path of {@link Reduce}'s long sums. Loaded only when {@link Gemm#SIMD} says the module is there. */
final class SimdReduce {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int V = S.length();
    /** Partial sums kept while summing: four vectors of them, so that the additions do not wait on one another. */
    static final int CHAINS = 4 * V;
    /** Floats per vector. */
    static final int LANES = V;

    private SimdReduce() {
    }

    /**
     * The sum of x[from, from + n): CHAINS partial sums (element j goes to sum j mod CHAINS), each added in
     * increasing j, then the partial sums added in a fixed order. The order never changes, so results repeat.
     */
    static float sumRun(float[] x, int from, int n) {
        FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
        int j = 0;
        for (; j + CHAINS <= n; j += CHAINS) {
            s0 = s0.add(FloatVector.fromArray(S, x, from + j));
            s1 = s1.add(FloatVector.fromArray(S, x, from + j + V));
            s2 = s2.add(FloatVector.fromArray(S, x, from + j + 2 * V));
            s3 = s3.add(FloatVector.fromArray(S, x, from + j + 3 * V));
        }
        float sum = (lanes(s0) + lanes(s1)) + (lanes(s2) + lanes(s3));
        for (; j < n; j++) {
            sum += x[from + j];
        }
        return sum;
    }

    /** The sum of the squares of x[from, from + n), in the chains of {@link #sumRun} (each square a multiply-add). */
    static float squaresRun(float[] x, int from, int n) {
        FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
        int j = 0;
        for (; j + CHAINS <= n; j += CHAINS) {
            FloatVector x0 = FloatVector.fromArray(S, x, from + j);
            FloatVector x1 = FloatVector.fromArray(S, x, from + j + V);
            FloatVector x2 = FloatVector.fromArray(S, x, from + j + 2 * V);
            FloatVector x3 = FloatVector.fromArray(S, x, from + j + 3 * V);
            s0 = x0.fma(x0, s0);
            s1 = x1.fma(x1, s1);
            s2 = x2.fma(x2, s2);
            s3 = x3.fma(x3, s3);
        }
        float sum = (lanes(s0) + lanes(s1)) + (lanes(s2) + lanes(s3));
        for (; j < n; j++) {
            sum = Math.fma(x[from + j], x[from + j], sum);
        }
        return sum;
    }

    /**
     * {@link Reduce#sum}'s sums over rows: out[dst + i] = the sum over j &lt; mid of x[src + j * inner + i], for i in
     * [i0, i1), rows added four at a time as ((r0 + r1) + (r2 + r3)), then one at a time. The lanes are different
     * outputs, so each output is the same chain of additions as on the scalar path, bit for bit.
     */
    static void sumRows(float[] x, int src, int mid, int inner, int i0, int i1, float[] out, int dst) {
        int end = i0 + (i1 - i0) / V * V;
        for (int i = i0; i < end; i += V) {
            FloatVector.zero(S).intoArray(out, dst + i);
        }
        int j = 0;
        for (; j + 3 < mid; j += 4, src += 4 * inner) {
            int r1 = src + inner, r2 = r1 + inner, r3 = r2 + inner;
            for (int i = i0; i < end; i += V) {
                FloatVector pair0 = FloatVector.fromArray(S, x, src + i).add(FloatVector.fromArray(S, x, r1 + i));
                FloatVector pair1 = FloatVector.fromArray(S, x, r2 + i).add(FloatVector.fromArray(S, x, r3 + i));
                FloatVector.fromArray(S, out, dst + i).add(pair0.add(pair1)).intoArray(out, dst + i);
            }
        }
        for (; j < mid; j++, src += inner) {
            for (int i = i0; i < end; i += V) {
                FloatVector.fromArray(S, out, dst + i).add(FloatVector.fromArray(S, x, src + i))
                        .intoArray(out, dst + i);
            }
        }
    }

    /** Runs the sums on a throwaway array until the JIT has compiled them (an L2 penalty sums every step). */
    static float warmUp() {
        float[] x = new float[CHAINS * 8 + 3];
        float s = 0f;
        for (int i = 0; i < 3000; i++) {
            s += sumRun(x, i & 1, x.length - 1) + squaresRun(x, i & 1, x.length - 1);
            sumRows(x, i & 1, 7, CHAINS, 1, CHAINS, x, CHAINS * 7 + 1);   // 7 rows: a group of four and three
        }
        return s;
    }

    /** The lanes of v added left to right (reduceLanes leaves the order open). */
    private static float lanes(FloatVector v) {
        float s = 0f;
        for (int l = 0; l < V; l++) {
            s += v.lane(l);
        }
        return s;
    }
}
