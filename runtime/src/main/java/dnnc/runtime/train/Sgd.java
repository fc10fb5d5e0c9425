package dnnc.runtime.train;

/**
 * Stochastic gradient descent exactly as {@code torch.optim.SGD} with dampening 0:
 * <pre>
 *   g = grad + weight_decay * p
 *   if momentum != 0:
 *       buf = g                      (first step)
 *       buf = momentum * buf + g     (later steps)
 *       g = nesterov ? g + momentum * buf : buf
 *   p = p - lr * g
 * </pre>
 */
final class Sgd implements Optimizer {
    private final float[][] params;
    private final float[][] grads;
    private final float[][] momentumBuffers;
    private final double lr;
    private final double momentum;
    private final boolean nesterov;
    private final double weightDecay;
    private boolean firstStep = true;

    Sgd(OptimizerArgs args, float[][] params, float[][] grads) {
        this.lr = args.require("lr", 0, Double.MAX_VALUE);
        this.momentum = args.get("momentum", 0, 0, Double.MAX_VALUE);
        this.nesterov = args.flag("nesterov");
        this.weightDecay = args.get("weight_decay", 0, 0, Double.MAX_VALUE);
        args.rejectUnused();
        if (nesterov && momentum == 0) {
            throw new OptimizerException("sgd: nesterov needs a momentum above 0");
        }
        this.params = params;
        this.grads = grads;
        this.momentumBuffers = momentum == 0 ? null : zerosLike(params);
    }

    @Override
    public void step() {
        for (int t = 0; t < params.length; t++) {
            float[] p = params[t];
            float[] g = grads[t];
            float[] buf = momentumBuffers == null ? null : momentumBuffers[t];
            for (int i = 0; i < p.length; i++) {
                double d = g[i] + weightDecay * p[i];
                if (buf != null) {
                    double b = firstStep ? d : momentum * buf[i] + d;
                    buf[i] = (float) b;
                    d = nesterov ? d + momentum * b : b;
                }
                p[i] = (float) (p[i] - lr * d);
            }
        }
        firstStep = false;
    }

    static float[][] zerosLike(float[][] arrays) {
        float[][] z = new float[arrays.length][];
        for (int i = 0; i < arrays.length; i++) {
            z[i] = new float[arrays[i].length];
        }
        return z;
    }
}
