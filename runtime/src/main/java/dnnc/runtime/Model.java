package dnnc.runtime;

import dnnc.runtime.data.DataException;
import dnnc.runtime.data.Dataset;
import dnnc.runtime.data.Standardization;
import dnnc.runtime.kernels.Rows;
import java.util.List;

/**
 * A compiled model ready to run: its kernel, its parsed {@link ModelSpec} and the parameter values.
 *
 * <p>The model owns one array per parameter, in spec order. Every table made by {@link #newTable(int)} points
 * its parameter slots at those arrays, so the tables share the parameters, while gradients, inputs, targets,
 * activations, outputs and the loss are owned by each table. {@link #setParameters} copies into the existing
 * arrays instead of replacing them for the same reason.
 */
public final class Model {
    private final ModelKernel kernel;
    private final ModelSpec spec;
    private final float[][] params;
    private final DropoutMasks dropout;
    private Standardization standardization;

    public Model(ModelKernel kernel) {
        this(kernel, ModelSpec.parse(kernel.spec()));
    }

    public Model(ModelKernel kernel, ModelSpec spec) {
        this.kernel = kernel;
        this.spec = spec;
        this.dropout = new DropoutMasks(spec);
        SpecCheck.check(spec);
        List<ModelSpec.Param> ps = spec.params();
        params = new float[ps.size()][];
        for (int i = 0; i < params.length; i++) {
            params[i] = new float[ps.get(i).size()];
        }
    }

    public ModelKernel kernel() {
        return kernel;
    }

    public ModelSpec spec() {
        return spec;
    }

    public String name() {
        return spec.name();
    }

    /** The live array of parameter {@code index} (spec order); writes to it change the model. */
    public float[] parameter(int index) {
        return params[index];
    }

    /** How input features are standardized before they reach the kernel, or null for not at all. */
    public Standardization standardization() {
        return standardization;
    }

    public void setStandardization(Standardization standardization) {
        if (standardization != null && standardization.size() != spec.input().size()) {
            throw new IllegalArgumentException("standardization for " + standardization.size()
                    + " features, but the input has " + spec.input().size());
        }
        this.standardization = standardization;
    }

    /** Applies {@link #standardization()}, if any, to the features of {@code data} in place; returns it. */
    public Dataset standardize(Dataset data) {
        if (standardization != null) {
            standardization.apply(data);
        }
        return data;
    }

    /** A deep copy of all parameter values, in spec order. */
    public float[][] copyParameters() {
        float[][] copy = new float[params.length][];
        for (int i = 0; i < params.length; i++) {
            copy[i] = params[i].clone();
        }
        return copy;
    }

    /**
     * Replaces every parameter's values. All sizes are checked before anything is copied, so a mismatch
     * leaves the model unchanged.
     */
    public void setParameters(float[][] values) {
        if (values.length != params.length) {
            throw new IllegalArgumentException("expected " + params.length + " parameters, got " + values.length);
        }
        for (int i = 0; i < params.length; i++) {
            if (values[i].length != params[i].length) {
                throw new IllegalArgumentException("parameter " + spec.params().get(i).name() + " has "
                        + params[i].length + " values, got " + values[i].length);
            }
        }
        for (int i = 0; i < params.length; i++) {
            System.arraycopy(values[i], 0, params[i], 0, params[i].length);
        }
    }

    /** Sets every parameter from its {@link ModelSpec.Init}, drawing from one generator seeded with {@code seed}. */
    /** The state of the generator of dropout masks, for checkpoints. */
    public long dropoutState() {
        return dropout.state();
    }

    public void setDropoutState(long state) {
        dropout.setState(state);
    }

    public void initialize(long seed) {
        ParameterInit.initialize(spec.params(), params, seed);
        dropout.reseed(seed);
    }

    /** A fresh table for batches of up to {@code maxBatch} examples, sharing this model's parameter arrays. */
    public float[][] newTable(int maxBatch) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + maxBatch);
        }
        List<ModelSpec.Slot> slots = spec.slots();
        float[][] b = new float[slots.size()][];
        for (int i = 0; i < params.length; i++) {
            b[spec.params().get(i).slot()] = params[i];
        }
        for (int s = 0; s < b.length; s++) {
            if (b[s] == null) {
                b[s] = new float[slots.get(s).size(maxBatch)];
            }
        }
        dropout.keepAll(b);
        return b;
    }

    /** The gradient arrays of {@code table}, in parameter order (what an optimizer steps with). */
    public float[][] gradients(float[][] table) {
        float[][] grads = new float[params.length][];
        for (int i = 0; i < params.length; i++) {
            grads[i] = table[spec.params().get(i).gradSlot()];
        }
        return grads;
    }

    /**
     * Copies examples {@code order[from] .. order[from + n - 1]} of {@code data} into the input slot and, when
     * the data has targets, the target slot. No allocation: it runs once per training step.
     */
    public void copyBatch(float[][] table, Dataset data, int[] order, int from, int n) {
        int fs = data.featureSize();
        int ts = data.targetSize();
        Rows.gather(data.features(), fs, order, from, n, table[spec.input().slot()]);
        if (ts > 0) {
            Rows.gather(data.targets(), ts, order, from, n, table[spec.target().slot()]);
        }
    }

    /** One training step on the batch already in {@code table}: {@link #forward} then {@link #backward}. */
    public float trainStep(float[][] table, int n) {
        float loss = forward(table, n, true);
        backward(table, n);
        return loss;
    }

    /** Runs the kernel's forward pass on the batch in {@code table} and returns the batch loss. */
    public float forward(float[][] table, int n, boolean training) {
        if (training) {
            dropout.drawMasks(table, n);
        } else {
            dropout.keepAll(table);
        }
        kernel.forward(table, n, training);
        return table[spec.lossSlot()][0];
    }

    /**
     * Writes the gradients for the batch of the last {@link #forward}. The kernel assigns every gradient
     * slot (contributions are summed in the generated code), so nothing is cleared here: a gradient slot may
     * even be a buffer the forward pass wrote.
     */
    public void backward(float[][] table, int n) {
        kernel.backward(table, n);
    }

    /** Loss (mean over examples, assuming the kernel's loss is a batch mean) and metrics on {@code data}. */
    public Evaluation evaluate(Dataset data, int batch) {
        return evaluate(data, batch, null);
    }

    /**
     * {@link #evaluate(Dataset, int)}, also adding every example to {@code confusion[actual][predicted]} when
     * it is not null (see {@link Accuracy#classes()} for its size).
     */
    public Evaluation evaluate(Dataset data, int batch, long[][] confusion) {
        checkDataset(data, true);
        Accuracy accuracy = Accuracy.forData(spec, data);
        RegressionError error = new RegressionError(spec);
        float[][] table = newTable(Math.max(1, Math.min(batch, data.size())));
        int max = maxBatch(table);
        double lossSum = 0;
        long correct = 0;
        for (int from = 0; from < data.size(); from += max) {
            int n = Math.min(max, data.size() - from);
            copyBatch(table, data, null, from, n);
            lossSum += (double) forward(table, n, false) * n;
            correct += accuracy.countCorrect(table, n);
            error.add(table, n);
            if (confusion != null && accuracy.applies()) {
                accuracy.addToConfusion(table, n, confusion);
            }
        }
        int size = data.size();
        double loss = size == 0 ? Double.NaN : lossSum / size;
        Double acc = accuracy.applies() && size > 0 ? (double) correct / size : null;
        return new Evaluation(loss, acc, size, error.mse(), error.mae());
    }

    /** Number of floats {@link #predict} gives per row: every output, in declaration order. */
    public int outputWidth() {
        int w = 0;
        for (ModelSpec.Tensor o : spec.outputs()) {
            w += o.size();
        }
        return w;
    }

    /** Outputs for every row of {@code rows}, row-major, {@link #outputWidth()} floats a row. */
    public float[] predict(Dataset rows, int batch) {
        checkDataset(rows, false);
        int width = outputWidth();
        float[] result = new float[Math.multiplyExact(rows.size(), width)];
        float[][] table = newTable(Math.max(1, Math.min(batch, rows.size())));
        int max = maxBatch(table);
        Dataset featuresOnly = new Dataset(rows.source(), rows.size(), rows.featureSize(), rows.features(), 0,
                new float[0]);
        for (int from = 0; from < rows.size(); from += max) {
            int n = Math.min(max, rows.size() - from);
            copyBatch(table, featuresOnly, null, from, n);
            kernel.predict(table, n);
            int at = from * width;
            for (int i = 0; i < n; i++) {
                for (ModelSpec.Tensor o : spec.outputs()) {
                    int size = o.size();
                    System.arraycopy(table[o.slot()], i * size, result, at, size);
                    at += size;
                }
            }
        }
        return result;
    }

    /** The batch capacity of a table made by {@link #newTable}. */
    public int maxBatch(float[][] table) {
        return table[spec.input().slot()].length / Math.max(1, spec.input().size());
    }

    /** Checks that {@code data} fits this model's input (and target, when {@code withTargets}). */
    public void checkDataset(Dataset data, boolean withTargets) {
        if (data.featureSize() != spec.input().size()) {
            throw new DataException(data.source() + ": " + data.featureSize() + " features per example, but the"
                    + " model's input " + spec.input().name() + " needs " + spec.input().size());
        }
        if (withTargets && data.targetSize() != spec.target().size()) {
            throw new DataException(data.source() + ": " + data.targetSize() + " target values per example, but"
                    + " the model's target " + spec.target().name() + " needs " + spec.target().size());
        }
        if (withTargets && spec.target().isLabel()) {
            checkLabels(data, spec.target().classes());
        }
    }

    // A label outside [0, classes) would make a generated loss index past its output row.
    private static void checkLabels(Dataset data, int classes) {
        float[] t = data.targets();
        for (int i = 0; i < data.size(); i++) {
            float label = t[i];
            if (!(label >= 0 && label < classes) || label != Math.rint(label)) {
                throw new DataException(data.source() + ": example " + (i + 1) + " has label " + label
                        + ", expected a whole number from 0 to " + (classes - 1));
            }
        }
    }
}
