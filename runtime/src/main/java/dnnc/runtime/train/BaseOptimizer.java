package dnnc.runtime.train;

import dnnc.runtime.kernels.Parallel;

/**
 * What every optimizer has: its parameter and gradient arrays, a learning rate and a step count. A step sets
 * its scalars, then {@link #updateAll} runs the per-element update, {@link #update}, over every parameter: a
 * large one split between the two threads (through {@link Parallel#forExamples}, its elements taking the place
 * of examples). Each element's update depends on nothing else, so the split does not change a bit; it halves
 * the time of a pass that reads and writes several arrays as large as the parameters (memory-bound).
 */
abstract class BaseOptimizer implements Optimizer, Parallel.Body {
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

    /** Updates elements [from, to) of parameter k with this step's scalars. */
    abstract void update(int k, int from, int to);

    /** {@link #update} over every element of every parameter. */
    final void updateAll() {
        for (int k = 0; k < params.length; k++) {
            Parallel.forExamples(this, k, null, params[k].length, 1);
        }
    }

    @Override
    public final void range(int k, float[][] unused, int n, int from, int to) {
        update(k, from, to);
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
