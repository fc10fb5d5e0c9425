package dnnc.runtime.kernels;

/** Reductions of a tensor viewed as [outer, mid, inner] over its middle extent. */
public final class Reduce {
    private Reduce() {
    }

    /** out[o*inner + i] = sum over j < mid of x[(o*mid + j)*inner + i]. */
    public static void sum(float[] x, int outer, int mid, int inner, float[] out) {
        for (int o = 0; o < outer; o++) {
            int base = o * mid * inner;
            int dst = o * inner;
            if (inner == 1) {
                float s = 0;
                for (int j = 0; j < mid; j++) {
                    s += x[base + j];
                }
                out[dst] = s;
                continue;
            }
            System.arraycopy(x, base, out, dst, inner);
            for (int j = 1; j < mid; j++) {
                int src = base + j * inner;
                for (int i = 0; i < inner; i++) {
                    out[dst + i] += x[src + i];
                }
            }
        }
    }

    /** out[o*inner + i] = max over j < mid of x[(o*mid + j)*inner + i]. */
    public static void max(float[] x, int outer, int mid, int inner, float[] out) {
        for (int o = 0; o < outer; o++) {
            int base = o * mid * inner;
            int dst = o * inner;
            System.arraycopy(x, base, out, dst, inner);
            for (int j = 1; j < mid; j++) {
                int src = base + j * inner;
                for (int i = 0; i < inner; i++) {
                    out[dst + i] = Math.max(out[dst + i], x[src + i]);
                }
            }
        }
    }
}
