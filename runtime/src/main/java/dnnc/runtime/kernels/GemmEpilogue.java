package dnnc.runtime.kernels;

/**
 * What {@link Gemm} does to a block of C after the product, on the thread that computed the block: a dense
 * layer's bias (and its ReLU), or the gradient through a ReLU (C times the step of the ReLU's output). Each is the
 * same float arithmetic as the separate loop it replaces: {@code max(c + bias[j], 0)}, {@code c * step(out)} with
 * {@link ScalarOps#step}'s operations.
 */
final class GemmEpilogue {
    private GemmEpilogue() {
    }

    /** The job's epilogue over rows [r0, r1) x columns [q0, q1) of its C (nothing when it has none). */
    static void apply(Gemm.Job job, int r0, int r1, int q0, int q1) {
        if (job.bias != null) {
            if (job.simd && !job.biasOnRows) {
                SimdEpilogue.addBias(job, r0, r1, q0, q1);
            } else {
                addBias(job, r0, r1, q0, q1);
            }
        } else if (job.reluOut != null) {
            if (job.simd && job.cCol == 1) {
                SimdEpilogue.timesStep(job, r0, r1, q0, q1);
            } else {
                timesStep(job, r0, r1, q0, q1);
            }
        }
    }

    private static void addBias(Gemm.Job job, int r0, int r1, int q0, int q1) {
        final float[] c = job.c, bias = job.bias;
        for (int r = r0; r < r1; r++) {
            for (int q = q0; q < q1; q++) {
                int at = r * job.cRow + q * job.cCol;
                float x = c[at] + bias[job.biasOnRows ? r : q];
                c[at] = job.relu ? Math.max(x, 0f) : x;
            }
        }
    }

    private static void timesStep(Gemm.Job job, int r0, int r1, int q0, int q1) {
        final float[] c = job.c, out = job.reluOut;
        for (int r = r0; r < r1; r++) {
            for (int q = q0; q < q1; q++) {
                int at = r * job.cRow + q * job.cCol;   // out is laid out like C
                c[at] = c[at] * ScalarOps.step(out[at]);
            }
        }
    }
}
