package dnnc.runtime.train;

import dnnc.runtime.kernels.Parallel;

/**
 * What every optimizer has: its parameter and gradient arrays, a learning rate and a step count. A step sets
 * its scalars, then {@link #updateAll} runs the per-element update, {@link #update}, over every parameter: all
 * the parameters' elements one after another, as one range split between the two threads (through
 * {@link Parallel#forExamples}, the elements taking the place of examples). Each element's update depends on
 * nothing else, so the split does not change a bit; it halves the time of a pass that reads and writes several
 * arrays as large as the parameters (memory-bound). One range rather than one split per parameter: a split
 * costs a hand-off, and parameters too small to be worth one each (the MLP's three smaller layers, 47 000 of its
 * 248 000 elements) were left to the calling thread alone.
 */
abstract class BaseOptimizer implements Optimizer, Parallel.Body {
    protected final float[][] params;
    protected final float[][] grads;
    private final double baseLr;
    protected double lr;
    protected long t;
    private final int[] starts;

    BaseOptimizer(double lr, float[][] params, float[][] grads) {
        this.baseLr = lr;
        this.lr = lr;
        this.params = params;
        this.grads = grads;
        this.starts = starts(params);
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
        Parallel.forExamples(this, 0, null, starts[params.length], 1);
    }

    /** Elements [from, to) of all the parameters' elements, one parameter after another. */
    @Override
    public final void range(int unused, float[][] none, int n, int from, int to) {
        for (int k = 0; k < params.length && starts[k] < to; k++) {
            int lo = Math.max(from, starts[k]), hi = Math.min(to, starts[k + 1]);
            if (lo < hi) {
                update(k, lo - starts[k], hi - starts[k]);
            }
        }
    }

    /** Where parameter k's elements start among all of them; starts[params.length] is their number. */
    private static int[] starts(float[][] params) {
        int[] starts = new int[params.length + 1];
        for (int k = 0; k < params.length; k++) {
            starts[k + 1] = Math.addExact(starts[k], params[k].length);
        }
        return starts;
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
