package dnnc.runtime.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/** {@link GemmEpilogue} with the Vector API, for a C whose rows are contiguous; loaded only on the SIMD path. */
final class SimdEpilogue {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int V = S.length();

    private SimdEpilogue() {
    }

    /** c += bias (by column) over rows [r0, r1) x columns [q0, q1), then max(c, 0) when the job says relu. */
    static void addBias(Gemm.Job job, int r0, int r1, int q0, int q1) {
        final float[] c = job.c, bias = job.bias;
        final int whole = q0 + (q1 - q0) / V * V;
        for (int r = r0; r < r1; r++) {
            int row = r * job.cRow;
            // two loops rather than a choice of vectors: C2 in JDK 17 boxes a vector that two branches merge
            if (job.relu) {
                for (int q = q0; q < whole; q += V) {
                    FloatVector.fromArray(S, c, row + q).add(FloatVector.fromArray(S, bias, q)).max(0f)
                            .intoArray(c, row + q);
                }
            } else {
                for (int q = q0; q < whole; q += V) {
                    FloatVector.fromArray(S, c, row + q).add(FloatVector.fromArray(S, bias, q)).intoArray(c, row + q);
                }
            }
            for (int q = whole; q < q1; q++) {
                float x = c[row + q] + bias[q];
                c[row + q] = job.relu ? Math.max(x, 0f) : x;
            }
        }
    }

    /** c *= step(out) over rows [r0, r1) x columns [q0, q1): {@link ScalarOps#step}'s operations, lane by lane. */
    static void timesStep(Gemm.Job job, int r0, int r1, int q0, int q1) {
        final float[] c = job.c, out = job.reluOut;
        final int whole = q0 + (q1 - q0) / V * V;
        for (int r = r0; r < r1; r++) {
            int row = r * job.cRow;
            for (int q = q0; q < whole; q += V) {
                FloatVector step = FloatVector.fromArray(S, out, row + q)
                        .mul(ScalarOps.TWO_126).mul(ScalarOps.TWO_126).max(0f).min(1f);
                FloatVector.fromArray(S, c, row + q).mul(step).intoArray(c, row + q);
            }
            for (int q = whole; q < q1; q++) {
                c[row + q] = c[row + q] * ScalarOps.step(out[row + q]);
            }
        }
    }
}
