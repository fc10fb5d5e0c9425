package dnnc.runtime.train;

/**
 * Adam exactly as {@code torch.optim.Adam} (amsgrad off), and AdamW as {@code torch.optim.AdamW}. Adam adds
 * weight decay to the gradient (L2); AdamW decays the parameter directly (decoupled), with a default of 0.01:
 * <pre>
 *   t = t + 1
 *   adam:  g = grad + weight_decay * p
 *   adamw: p = p * (1 - lr * weight_decay);  g = grad
 *   m = beta1 * m + (1 - beta1) * g
 *   v = beta2 * v + (1 - beta2) * g * g
 *   p = p - (lr / (1 - beta1^t)) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
 * </pre>
 */
final class Adam extends BaseOptimizer {
    private final float[][] m;
    private final float[][] v;
    // This step's scalars, for update().
    private float stepSize, correction2Sqrt, coupledDecay, shrink;
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;
    private final boolean decoupled;

    Adam(OptimizerArgs args, float[][] params, float[][] grads, boolean decoupled) {
        super(args.get("lr", 1e-3, Double.MIN_VALUE, Double.MAX_VALUE), params, grads);
        this.beta1 = args.get("beta1", 0.9, 0, Math.nextDown(1.0));
        this.beta2 = args.get("beta2", 0.999, 0, Math.nextDown(1.0));
        this.eps = args.get("eps", 1e-8, 0, Double.MAX_VALUE);
        this.weightDecay = args.get("weight_decay", decoupled ? 0.01 : 0, 0, Double.MAX_VALUE);
        this.decoupled = decoupled;
        this.m = zerosLike(params);
        this.v = zerosLike(params);
    }

    @Override
    public void step() {
        t++;
        // Scalars in double, the per-element arithmetic in float like PyTorch's: a loop the JIT vectorizes.
        stepSize = (float) (lr / (1 - Math.pow(beta1, t)));
        correction2Sqrt = (float) Math.sqrt(1 - Math.pow(beta2, t));
        coupledDecay = (float) (decoupled ? 0 : weightDecay);
        shrink = (float) (decoupled ? 1 - lr * weightDecay : 1);
        updateAll();
    }

    @Override
    void update(int k, int from, int to) {
        float[] p = params[k], g = grads[k], mk = m[k], vk = v[k];
        float b1 = (float) beta1;
        float b2 = (float) beta2;
        float c1 = (float) (1 - beta1);
        float c2 = (float) (1 - beta2);
        float e = (float) eps;
        float stepSize = this.stepSize, correction2Sqrt = this.correction2Sqrt;
        float coupledDecay = this.coupledDecay, shrink = this.shrink;
        for (int i = from; i < to; i++) {
            float pi = p[i] * shrink;
            float gi = g[i] + coupledDecay * pi;
            float mi = b1 * mk[i] + c1 * gi;
            float vi = b2 * vk[i] + c2 * gi * gi;
            mk[i] = mi;
            vk[i] = vi;
            p[i] = pi - stepSize * mi / ((float) Math.sqrt(vi) / correction2Sqrt + e);
        }
    }

    @Override
    public float[][] state() {
        return concat(m, v);
    }
}
