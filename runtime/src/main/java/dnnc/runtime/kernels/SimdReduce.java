package dnnc.runtime.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/** The SIMD path of {@link Reduce}'s long sums. Loaded only when {@link Gemm#SIMD} says the module is there. */
final class SimdReduce {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int V = S.length();
    /** Partial sums kept while summing: four vectors of them, so that the additions do not wait on one another. */
    static final int CHAINS = 4 * V;

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

    /** The lanes of v added left to right (reduceLanes leaves the order open). */
    private static float lanes(FloatVector v) {
        float s = 0f;
        for (int l = 0; l < V; l++) {
            s += v.lane(l);
        }
        return s;
    }
}
