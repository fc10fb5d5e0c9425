package dnnc.runtime.train;

/** What every optimizer has: its parameter and gradient arrays, a learning rate and a step count. */
abstract class BaseOptimizer implements Optimizer {
    protected final float[][] params;
    protected final float[][] grads;
    private final double baseLr;
    protected double lr;
    protected long t;

    BaseOptimizer(double lr, float[][] params, float[][] grads) {
        this.baseLr = lr;
        this.lr = lr;
        this.params = params;
        this.grads = grads;
    }

    @Override
    public double baseLearningRate() {
        return baseLr;
    }

    @Override
    public void setLearningRate(double lr) {
        this.lr = lr;
    }

    @Override
    public double learningRate() {
        return lr;
    }

    @Override
    public long steps() {
        return t;
    }

    @Override
    public void setSteps(long steps) {
        this.t = steps;
    }

    static float[][] zerosLike(float[][] arrays) {
        float[][] z = new float[arrays.length][];
        for (int i = 0; i < arrays.length; i++) {
            z[i] = new float[arrays[i].length];
        }
        return z;
    }

    static float[][] concat(float[][] a, float[][] b) {
        float[][] all = new float[a.length + b.length][];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
