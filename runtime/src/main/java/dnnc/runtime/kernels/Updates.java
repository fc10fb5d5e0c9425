package dnnc.runtime.kernels;

/**
 * Optimizer updates over whole parameter arrays, in float arithmetic like {@code torch.optim}. The loops are
 * plain Java that HotSpot's C2 vectorizes by itself (float multiply, add, divide and square root): measured on
 * the 247 766 parameters of the MLP 784-256-128-100-10, about 0.1 ms a step against 1.4 ms for the same update
 * in double arithmetic, which C2 does not vectorize. A Vector API version was no faster, so there is none.
 */
public final class Updates {
    private Updates() {
    }

    /**
     * One Adam step over elements [0, n) (amsgrad off, L2 weight decay added to the gradient):
     * <pre>
     *   g = grad + weightDecay * p
     *   m = beta1 * m + (1 - beta1) * g
     *   v = beta2 * v + (1 - beta2) * g * g
     *   p = p - stepSize * m / (sqrt(v) / correction2Sqrt + eps)
     * </pre>
     * with {@code stepSize = lr / (1 - beta1^t)} and {@code correction2Sqrt = sqrt(1 - beta2^t)} computed by the
     * caller for step t.
     */
    public static void adam(float[] p, float[] grad, float[] m, float[] v, int n, float beta1, float beta2,
            float stepSize, float correction2Sqrt, float eps, float weightDecay) {
        if (n < 0 || p.length < n || grad.length < n || m.length < n || v.length < n) {
            throw new IllegalArgumentException("arrays shorter than n = " + n);
        }
        adamScalar(p, grad, m, v, 0, n, beta1, beta2, stepSize, correction2Sqrt, eps, weightDecay);
    }

    /** {@link #adam} on elements [from, to). */
    static void adamScalar(float[] p, float[] grad, float[] m, float[] v, int from, int to, float beta1, float beta2,
            float stepSize, float correction2Sqrt, float eps, float weightDecay) {
        float oneMinusBeta1 = 1f - beta1, oneMinusBeta2 = 1f - beta2;
        for (int i = from; i < to; i++) {
            float pi = p[i];
            float g = grad[i] + weightDecay * pi;
            float mi = beta1 * m[i] + oneMinusBeta1 * g;
            float vi = beta2 * v[i] + oneMinusBeta2 * g * g;
            m[i] = mi;
            v[i] = vi;
            p[i] = pi - stepSize * mi / ((float) Math.sqrt(vi) / correction2Sqrt + eps);
        }
    }
}
