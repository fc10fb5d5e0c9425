package dnnc.runtime.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Plain array loops with the Vector API, for runs of a few hundred elements whose two arrays start at unrelated
 * offsets: C2 vectorizes the plain loop too, but with its alignment pre-loop and scalar post-loop the fold of the
 * convolution's input gradient (runs of about 180) measured 10% slower over a whole batch. Loaded only when
 * {@link Gemm#SIMD} says the module is there.
 */
final class SimdArrays {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int V = S.length();

    private SimdArrays() {
    }

    /** to[toOff + i] += from[fromOff + i] for i &lt; length (each element one float add, as in a scalar loop). */
    static void addInto(float[] to, int toOff, float[] from, int fromOff, int length) {
        int i = 0;
        for (; i + V <= length; i += V) {
            FloatVector.fromArray(S, to, toOff + i).add(FloatVector.fromArray(S, from, fromOff + i))
                    .intoArray(to, toOff + i);
        }
        for (; i < length; i++) {
            to[toOff + i] += from[fromOff + i];
        }
    }

    /** Runs the loop on throwaway arrays until the JIT has compiled it. */
    static void warmUp() {
        float[] to = new float[200], from = new float[200];
        for (int i = 0; i < 3000; i++) {
            addInto(to, i & 7, from, 3, 150 + (i & 15));
        }
    }
}
