package dnnc.runtime.train;

/**
 * RMSprop exactly as {@code torch.optim.RMSprop} (defaults lr 0.01, alpha 0.99, eps 1e-8, weight_decay 0,
 * momentum 0, centered false):
 * <pre>
 *   g = grad + weight_decay * p
 *   sq = alpha * sq + (1 - alpha) * g * g
 *   centered: ga = alpha * ga + (1 - alpha) * g;  avg = sqrt(sq - ga * ga) + eps
 *   otherwise: avg = sqrt(sq) + eps
 *   momentum > 0: buf = momentum * buf + g / avg;  p = p - lr * buf      (buf starts at 0)
 *   otherwise:    p = p - lr * g / avg
 * </pre>
 */
final class RmsProp extends BaseOptimizer {
    private final float[][] squareAvg;
    private final float[][] gradAvg;
    private final float[][] momentumBuffers;
    private final double alpha;
    private final double eps;
    private final double weightDecay;
    private final double momentum;
    private final boolean centered;

    RmsProp(OptimizerArgs args, float[][] params, float[][] grads) {
        super(args.get("lr", 0.01, Double.MIN_VALUE, Double.MAX_VALUE), params, grads);
        this.alpha = args.get("alpha", 0.99, 0, 1);
        this.eps = args.get("eps", 1e-8, 0, Double.MAX_VALUE);
        this.weightDecay = args.get("weight_decay", 0, 0, Double.MAX_VALUE);
        this.momentum = args.get("momentum", 0, 0, Double.MAX_VALUE);
        this.centered = args.flag("centered");
        this.squareAvg = zerosLike(params);
        this.gradAvg = centered ? zerosLike(params) : new float[0][];
        this.momentumBuffers = momentum > 0 ? zerosLike(params) : new float[0][];
    }

    @Override
    public void step() {
        t++;
        updateAll();
    }

    @Override
    void update(int k, int from, int to) {
        float[] p = params[k];
        float[] g = grads[k];
        float[] sq = squareAvg[k];
        float[] ga = centered ? gradAvg[k] : null;
        float[] buf = momentum > 0 ? momentumBuffers[k] : null;
        for (int i = from; i < to; i++) {
            double gi = g[i] + weightDecay * p[i];
            double si = alpha * sq[i] + (1 - alpha) * gi * gi;
            sq[i] = (float) si;
            double avg;
            if (ga != null) {
                double ai = alpha * ga[i] + (1 - alpha) * gi;
                ga[i] = (float) ai;
                avg = Math.sqrt(si - ai * ai) + eps;
            } else {
                avg = Math.sqrt(si) + eps;
            }
            if (buf != null) {
                double b = momentum * buf[i] + gi / avg;
                buf[i] = (float) b;
                p[i] = (float) (p[i] - lr * b);
            } else {
                p[i] = (float) (p[i] - lr * gi / avg);
            }
        }
    }

    @Override
    public float[][] state() {
        return concat(concat(squareAvg, gradAvg), momentumBuffers);
    }
}
