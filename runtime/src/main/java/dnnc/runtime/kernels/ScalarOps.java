package dnnc.runtime.kernels;

/**
 * Scalar functions that generated element loops call; small enough for the JIT to inline. Each is written
 * to be stable at the extremes of float range.
 */
public final class ScalarOps {
    private ScalarOps() {
    }

    public static float exp(float x) {
        return (float) Math.exp(x);
    }

    public static float log(float x) {
        return (float) Math.log(x);
    }

    public static float tanh(float x) {
        return (float) Math.tanh(x);
    }

    /** 1 / (1 + e^-x), computed from e^-|x| so that it never overflows. */
    public static float sigmoid(float x) {
        if (x >= 0) {
            return (float) (1.0 / (1.0 + Math.exp(-x)));
        }
        double e = Math.exp(x);
        return (float) (e / (1.0 + e));
    }

    /**
     * max(x, 0). Written without a branch, here and in {@link #step}: on data whose sign is random a branch is
     * mispredicted half the time (about 5 ns an element), while this form compiles to vector instructions
     * (about 0.2 ns). A NaN stays NaN, as in PyTorch.
     */
    public static float relu(float x) {
        return Math.max(x, 0f);
    }

    /**
     * The derivative of relu: 1 where x &gt; 0, else 0 (NaN for NaN). Multiplying by 2^252 takes every positive
     * float, down to the smallest subnormal (2^-149), to at least 1 and leaves 0 and the negatives where they
     * are, so the clamp to [0, 1] gives exactly 0 or 1 without a comparison.
     */
    public static float step(float x) {
        return Math.min(Math.max(x * TWO_126 * TWO_126, 0f), 1f);
    }

    /** -1, 0 or 1 (-0 for -0, NaN for NaN, like Math.signum), by the same scaling as {@link #step}. */
    public static float sign(float x) {
        return Math.min(Math.max(x * TWO_126 * TWO_126, -1f), 1f);
    }

    /** 2^126: the scale of {@link #step} and {@link #sign} (also {@code SimdEpilogue}'s step, lane by lane). */
    static final float TWO_126 = 0x1p126f;
}
