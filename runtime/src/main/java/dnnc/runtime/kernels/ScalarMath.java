package dnnc.runtime.kernels;

/**
 * The scalar functions of the ops added after {@link ScalarOps}: generated element loops call the float
 * versions; the compiler's reference interpreter calls the double ones (erf has no JDK method).
 */
public final class ScalarMath {
    private static final double TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

    private ScalarMath() {
    }

    public static float sqrt(float x) {
        return (float) Math.sqrt(x);
    }

    public static float abs(float x) {
        return Math.abs(x);
    }

    /** -1, 0 or 1 (0 at 0, so abs has gradient 0 there, as in PyTorch). */
    public static float sign(float x) {
        return ScalarOps.sign(x);   // Math.signum branches; see ScalarOps.step
    }

    /** 1 where x &gt; 0, 1/2 at 0, else 0: how max and min split a gradient between tied operands. */
    public static float heaviside(float x) {
        return 0.5f * (ScalarOps.step(x) + 1f - ScalarOps.step(-x));   // without branches, see ScalarOps.step
    }

    public static float erf(float x) {
        return (float) erf((double) x);
    }

    public static float max(float a, float b) {
        return Math.max(a, b);
    }

    public static float min(float a, float b) {
        return Math.min(a, b);
    }

    public static float pow(float a, float b) {
        return (float) Math.pow(a, b);
    }

    /** 1 where a == b, else 0: the mask of a maximum's position. */
    public static float eq(float a, float b) {
        return a == b ? 1f : 0f;
    }

    /**
     * The error function to double precision (relative error about 1e-15): its Taylor series below 2.5, a
     * continued fraction for erfc from there, and ±1 beyond 6.
     */
    public static double erf(double x) {
        double ax = Math.abs(x);
        if (ax < 2.5) {
            double x2 = x * x;
            double term = x;
            double sum = x;
            for (int n = 1; n < 200; n++) {
                term *= -x2 / n;
                double t = term / (2 * n + 1);
                sum += t;
                if (Math.abs(t) < 1e-17 * Math.abs(sum)) {
                    break;
                }
            }
            return TWO_OVER_SQRT_PI * sum;
        }
        if (ax >= 6) {
            return Math.signum(x);
        }
        double t = ax;
        for (int k = 60; k >= 1; k--) {
            t = ax + (k / 2.0) / t;
        }
        double erfc = Math.exp(-ax * ax) / Math.sqrt(Math.PI) / t;
        return Math.signum(x) * (1 - erfc);
    }
}
