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

    public static float relu(float x) {
        return x > 0 ? x : 0f;
    }

    /** The derivative of relu: 1 where x > 0, else 0. */
    public static float step(float x) {
        return x > 0 ? 1f : 0f;
    }
}
