package dnnc.runtime;

/**
 * Mean squared and mean absolute error of the first output against a real-valued target of the same size,
 * accumulated over batches; it does not apply to label targets or outputs of another size. No allocation.
 */
public final class RegressionError {
    private final boolean applies;
    private final int outputSlot;
    private final int targetSlot;
    private final int size;
    private double squared;
    private double absolute;
    private long count;

    public RegressionError(ModelSpec spec) {
        ModelSpec.Target target = spec.target();
        ModelSpec.Tensor first = spec.outputs().get(0);
        this.applies = !target.isLabel() && first.size() == target.size();
        this.outputSlot = first.slot();
        this.targetSlot = target.slot();
        this.size = target.size();
    }

    public boolean applies() {
        return applies;
    }

    /** Adds the first {@code n} examples of a table after a forward pass. */
    public void add(float[][] table, int n) {
        if (!applies) {
            return;
        }
        float[] out = table[outputSlot];
        float[] t = table[targetSlot];
        int values = n * size;
        for (int i = 0; i < values; i++) {
            double d = (double) out[i] - t[i];
            squared += d * d;
            absolute += Math.abs(d);
        }
        count += values;
    }

    public Double mse() {
        return applies && count > 0 ? squared / count : null;
    }

    public Double mae() {
        return applies && count > 0 ? absolute / count : null;
    }

    public void reset() {
        squared = 0;
        absolute = 0;
        count = 0;
    }
}
