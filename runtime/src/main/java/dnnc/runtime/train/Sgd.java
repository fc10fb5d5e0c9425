package dnnc.runtime.train;

/**
 * Stochastic gradient descent exactly as {@code torch.optim.SGD} with dampening 0 (defaults: lr 1e-3, as in
 * PyTorch 2):
 * <pre>
 *   g = grad + weight_decay * p
 *   if momentum != 0:
 *       buf = g                      (first step)
 *       buf = momentum * buf + g     (later steps)
 *       g = nesterov ? g + momentum * buf : buf
 *   p = p - lr * g
 * </pre>
 */
final class Sgd extends BaseOptimizer {
    private final float[][] momentumBuffers;
    private final double momentum;
    private final boolean nesterov;
    private final double weightDecay;
    /** Whether this step is the first (the momentum buffer starts at the gradient). */
    private boolean first;

    Sgd(OptimizerArgs args, float[][] params, float[][] grads) {
        super(args.get("lr", 1e-3, Double.MIN_VALUE, Double.MAX_VALUE), params, grads);
        this.momentum = args.get("momentum", 0, 0, Double.MAX_VALUE);
        this.nesterov = args.flag("nesterov");
        this.weightDecay = args.get("weight_decay", 0, 0, Double.MAX_VALUE);
        if (nesterov && momentum == 0) {
            throw new OptimizerException("sgd: nesterov needs a momentum above 0");
        }
        this.momentumBuffers = momentum == 0 ? new float[0][] : zerosLike(params);
    }

    @Override
    public void step() {
        first = t == 0;
        updateAll();
        t++;
    }

    @Override
    void update(int k, int from, int to) {
        float[] p = params[k];
        float[] g = grads[k];
        float[] buf = momentumBuffers.length == 0 ? null : momentumBuffers[k];
        for (int i = from; i < to; i++) {
            double d = g[i] + weightDecay * p[i];
            if (buf != null) {
                double b = first ? d : momentum * buf[i] + d;
                buf[i] = (float) b;
                d = nesterov ? d + momentum * b : b;
            }
            p[i] = (float) (p[i] - lr * d);
        }
    }

    @Override
    public float[][] state() {
        return momentumBuffers;
    }
}
