package dnnc.runtime.train;

/**
 * Adam exactly as {@code torch.optim.Adam} (amsgrad off), with weight decay added to the gradient (L2, not
 * AdamW) and PyTorch's bias correction:
 * <pre>
 *   t = t + 1
 *   g = grad + weight_decay * p
 *   m = beta1 * m + (1 - beta1) * g
 *   v = beta2 * v + (1 - beta2) * g * g
 *   p = p - (lr / (1 - beta1^t)) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
 * </pre>
 */
final class Adam implements Optimizer {
    private final float[][] params;
    private final float[][] grads;
    private final float[][] m;
    private final float[][] v;
    private final double lr;
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;
    private long t;

    Adam(OptimizerArgs args, float[][] params, float[][] grads) {
        this.lr = args.get("lr", 1e-3, 0, Double.MAX_VALUE);
        this.beta1 = args.get("beta1", 0.9, 0, Math.nextDown(1.0));
        this.beta2 = args.get("beta2", 0.999, 0, Math.nextDown(1.0));
        this.eps = args.get("eps", 1e-8, 0, Double.MAX_VALUE);
        this.weightDecay = args.get("weight_decay", 0, 0, Double.MAX_VALUE);
        args.rejectUnused();
        this.params = params;
        this.grads = grads;
        this.m = Sgd.zerosLike(params);
        this.v = Sgd.zerosLike(params);
    }

    @Override
    public void step() {
        t++;
        double stepSize = lr / (1 - Math.pow(beta1, t));
        double correction2Sqrt = Math.sqrt(1 - Math.pow(beta2, t));
        for (int k = 0; k < params.length; k++) {
            float[] p = params[k];
            float[] g = grads[k];
            float[] mk = m[k];
            float[] vk = v[k];
            for (int i = 0; i < p.length; i++) {
                double gi = g[i] + weightDecay * p[i];
                double mi = beta1 * mk[i] + (1 - beta1) * gi;
                double vi = beta2 * vk[i] + (1 - beta2) * gi * gi;
                mk[i] = (float) mi;
                vk[i] = (float) vi;
                p[i] = (float) (p[i] - stepSize * mi / (Math.sqrt(vi) / correction2Sqrt + eps));
            }
        }
    }
}
