package dnnc.runtime.train;

/**
 * Adagrad exactly as {@code torch.optim.Adagrad} (defaults lr 0.01, lr_decay 0, weight_decay 0,
 * initial_accumulator_value 0, eps 1e-10):
 * <pre>
 *   t = t + 1
 *   clr = lr / (1 + (t - 1) * lr_decay)
 *   g = grad + weight_decay * p
 *   sum = sum + g * g                 (sum starts at initial_accumulator_value)
 *   p = p - clr * g / (sqrt(sum) + eps)
 * </pre>
 */
final class Adagrad extends BaseOptimizer {
    private final float[][] sums;
    private final double lrDecay;
    private final double weightDecay;
    private final double eps;
    /** This step's learning rate, after the decay. */
    private double clr;

    Adagrad(OptimizerArgs args, float[][] params, float[][] grads) {
        super(args.get("lr", 0.01, Double.MIN_VALUE, Double.MAX_VALUE), params, grads);
        this.lrDecay = args.get("lr_decay", 0, 0, Double.MAX_VALUE);
        this.weightDecay = args.get("weight_decay", 0, 0, Double.MAX_VALUE);
        double initial = args.get("initial_accumulator_value", 0, 0, Double.MAX_VALUE);
        this.eps = args.get("eps", 1e-10, 0, Double.MAX_VALUE);
        this.sums = zerosLike(params);
        for (float[] s : sums) {
            java.util.Arrays.fill(s, (float) initial);
        }
    }

    @Override
    public void step() {
        t++;
        clr = lr / (1 + (t - 1) * lrDecay);
        updateAll();
    }

    @Override
    void update(int k, int from, int to) {
        float[] p = params[k];
        float[] g = grads[k];
        float[] sum = sums[k];
        for (int i = from; i < to; i++) {
            double gi = g[i] + weightDecay * p[i];
            double si = sum[i] + gi * gi;
            sum[i] = (float) si;
            p[i] = (float) (p[i] - clr * gi / (Math.sqrt(si) + eps));
        }
    }

    @Override
    public float[][] state() {
        return sums;
    }
}
