package dnnc.runtime.train;

/**
 * Gradient clipping before each optimizer step, as PyTorch's utilities do it: by value
 * ({@code clip_grad_value_}: every gradient into [-v, v]) and then by global norm ({@code clip_grad_norm_}: if
 * the L2 norm of all gradients together exceeds {@code maxNorm}, all are scaled by
 * {@code maxNorm / (norm + 1e-6)}). A limit of 0 turns that kind off. No allocation.
 */
public final class GradientClip {
    private final double value;
    private final double maxNorm;

    public GradientClip(double value, double maxNorm) {
        if (!(value >= 0) || !(maxNorm >= 0)) {
            throw new OptimizerException("gradient clipping limits must not be negative");
        }
        this.value = value;
        this.maxNorm = maxNorm;
    }

    public boolean active() {
        return value > 0 || maxNorm > 0;
    }

    public void clip(float[][] grads) {
        if (value > 0) {
            float v = (float) value;
            for (float[] g : grads) {
                for (int i = 0; i < g.length; i++) {
                    g[i] = Math.max(-v, Math.min(v, g[i]));
                }
            }
        }
        if (maxNorm > 0) {
            double norm = Math.sqrt(squaredNorm(grads));
            double coef = maxNorm / (norm + 1e-6);
            if (coef < 1) {
                for (float[] g : grads) {
                    for (int i = 0; i < g.length; i++) {
                        g[i] = (float) (g[i] * coef);
                    }
                }
            }
        }
    }

    static double squaredNorm(float[][] grads) {
        double sum = 0;
        for (float[] g : grads) {
            for (float x : g) {
                sum += (double) x * x;
            }
        }
        return sum;
    }
}
