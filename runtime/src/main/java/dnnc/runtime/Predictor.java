package dnnc.runtime;

import dnnc.runtime.data.Standardization;
import dnnc.runtime.io.WeightsFile;
import dnnc.runtime.io.WeightsFileException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A compiled model with fixed, trained weights, for calling from Java: one example or a batch in, the
 * model's outputs out; for classifiers also the class and its probabilities. See {@code docs/EMBEDDING.md}.
 *
 * <p>Inputs are features as the model's data files hold them: the training data source's {@code scale} and
 * the standardization saved with the weights (when the data block says {@code standardize = true}) are
 * applied here, exactly as {@code java -jar model.jar predict} applies them, so both give the same numbers.
 *
 * <p>A predictor is immutable and safe to use from any number of threads at once. Each thread gets its own
 * work buffers (held in a {@link ThreadLocal}, made on the thread's first call); the weights are shared and
 * never written. No lock is taken, and after a thread's first call a single-example call allocates nothing
 * but the returned array ({@link #predictInto} not even that).
 *
 * <p>Weights come from a file, a stream or a class-path resource; a model jar made with
 * {@code dnnc compile --weights} carries them as the resource {@link #bakedResource}, which {@link #load(ModelKernel)}
 * reads. The generated model class offers the same as static methods: {@code FashionMLP.load()},
 * {@code FashionMLP.load(Path)}, {@code FashionMLP.load(InputStream)}.
 */
public final class Predictor {
    /** Rows per kernel call in {@link #predict(float[][])}. */
    private static final int BATCH = 64;

    private final ModelKernel kernel;
    private final ModelSpec spec;
    private final int inputSize;
    private final int inputSlot;
    private final int width;
    private final int[] outputSlots;
    private final int[] outputSizes;
    private final double scale;
    private final float[] mean;
    private final float[] std;
    private final int classes;
    private final ThreadLocal<float[][]> single;
    private final ThreadLocal<float[][]> batch;

    private Predictor(Model model) {
        this.kernel = model.kernel();
        this.spec = model.spec();
        this.inputSize = spec.input().size();
        this.inputSlot = spec.input().slot();
        List<ModelSpec.Tensor> outputs = spec.outputs();
        outputSlots = new int[outputs.size()];
        outputSizes = new int[outputs.size()];
        for (int i = 0; i < outputSlots.length; i++) {
            outputSlots[i] = outputs.get(i).slot();
            outputSizes[i] = outputs.get(i).size();
        }
        this.width = model.outputWidth();
        ModelSpec.DataSource train = spec.data("train");
        this.scale = train == null ? 1.0 : train.scale();
        Standardization st = model.standardization();
        this.mean = st == null ? null : st.mean().clone();
        this.std = st == null ? null : st.std().clone();
        ModelSpec.Target t = spec.target();
        this.classes = t.isLabel() && !outputs.isEmpty() && outputSizes[0] == t.classes() && t.classes() >= 2
                ? t.classes() : 0;
        this.single = ThreadLocal.withInitial(() -> model.newTable(1));
        this.batch = ThreadLocal.withInitial(() -> model.newTable(BATCH));
    }

    // ---- loading -------------------------------------------------------------------------------------------

    /** The class-path resource that holds the weights baked into a model jar: {@code dnnc/generated/Name.weights}. */
    public static String bakedResource(Class<?> kernelClass) {
        return kernelClass.getName().replace('.', '/') + ".weights";
    }

    /** Whether weights are baked in beside {@code kernel}'s class (see {@link #bakedResource}). */
    public static boolean hasBakedWeights(ModelKernel kernel) {
        ClassLoader loader = kernel.getClass().getClassLoader();
        return loader != null && loader.getResource(bakedResource(kernel.getClass())) != null;
    }

    /**
     * The predictor with the weights baked into the jar by {@code dnnc compile --weights}.
     *
     * @throws UncheckedIOException wrapping a {@link WeightsFileException} when the jar has no weights or they
     *     cannot be read (they were checked when the jar was made, so this means a broken deployment)
     */
    public static Predictor load(ModelKernel kernel) {
        String resource = bakedResource(kernel.getClass());
        try {
            return loadResource(kernel, kernel.getClass().getClassLoader(), resource);
        } catch (WeightsFileException e) {
            throw new UncheckedIOException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(new WeightsFileException("cannot read the baked weights " + resource
                    + ": " + e.getMessage()));
        }
    }

    /** The predictor with the weights in {@code file} (written by {@code train --save}). */
    public static Predictor load(ModelKernel kernel, Path file) throws IOException {
        Model m = new Model(kernel);
        WeightsFile.load(m, file);
        return new Predictor(m);
    }

    /** The predictor with the weights read from {@code in} to its end; the stream is not closed. */
    public static Predictor load(ModelKernel kernel, InputStream in) throws IOException {
        Model m = new Model(kernel);
        WeightsFile.load(m, in, "stream");
        return new Predictor(m);
    }

    /** The predictor with the weights in the class-path resource {@code name} of {@code loader}. */
    public static Predictor loadResource(ModelKernel kernel, ClassLoader loader, String name) throws IOException {
        ClassLoader l = loader != null ? loader : ClassLoader.getSystemClassLoader();
        try (InputStream in = l.getResourceAsStream(name)) {
            if (in == null) {
                throw new WeightsFileException("no weights resource " + name + " on the class path (compile the"
                        + " model with 'dnnc compile --weights FILE' to bake them into the jar)");
            }
            Model m = new Model(kernel);
            WeightsFile.load(m, in, "resource " + name);
            return new Predictor(m);
        }
    }

    /** A predictor with a copy of {@code model}'s current parameters and standardization. */
    public static Predictor of(Model model) {
        Model m = new Model(model.kernel(), model.spec());
        m.setParameters(model.copyParameters());
        m.setStandardization(model.standardization());
        return new Predictor(m);
    }

    // ---- what the model is ---------------------------------------------------------------------------------

    public String name() {
        return spec.name();
    }

    public ModelSpec spec() {
        return spec;
    }

    /** Numbers per example that {@link #predict(float[])} takes: the input's shape, flattened row-major. */
    public int inputSize() {
        return inputSize;
    }

    /** Numbers per example that {@link #predict(float[])} returns: every output, flattened, in declaration order. */
    public int outputSize() {
        return width;
    }

    /** Whether {@link #classify} and {@link #probabilities} apply: a {@code label[K]} target and a first output of K values. */
    public boolean isClassifier() {
        return classes > 0;
    }

    /** K for a classifier, else 0. */
    public int classes() {
        return classes;
    }

    // ---- prediction ----------------------------------------------------------------------------------------

    /** The model's outputs for one example: {@link #outputSize()} numbers, every output in declaration order. */
    public float[] predict(float[] example) {
        float[] out = new float[width];
        predictInto(example, out);
        return out;
    }

    /** {@link #predict(float[])} into {@code out} (of {@link #outputSize()} numbers); allocates nothing. */
    public void predictInto(float[] example, float[] out) {
        checkInput(example, -1);
        if (out.length != width) {
            throw new IllegalArgumentException("the output array has " + out.length + " numbers; model " + name()
                    + " gives " + width);
        }
        float[][] table = single.get();
        prepare(example, table[inputSlot], 0);
        kernel.predict(table, 1);
        copyOutputs(table, 0, out);
    }

    /** The outputs for every example, one row each (see {@link #predict(float[])}). */
    public float[][] predict(float[][] examples) {
        for (int i = 0; i < examples.length; i++) {
            checkInput(examples[i], i);
        }
        float[][] result = new float[examples.length][];
        float[][] table = batch.get();
        float[] input = table[inputSlot];
        for (int from = 0; from < examples.length; from += BATCH) {
            int n = Math.min(BATCH, examples.length - from);
            for (int i = 0; i < n; i++) {
                prepare(examples[from + i], input, i * inputSize);
            }
            kernel.predict(table, n);
            for (int i = 0; i < n; i++) {
                float[] row = new float[width];
                copyOutputs(table, i, row);
                result[from + i] = row;
            }
        }
        return result;
    }

    /** A classifier's class for one example: the index of the largest value of the first output. */
    public int classify(float[] example) {
        requireClassifier("classify");
        checkInput(example, -1);
        float[][] table = single.get();
        prepare(example, table[inputSlot], 0);
        kernel.predict(table, 1);
        return argmax(table[outputSlots[0]], 0, classes);
    }

    /** {@link #classify(float[])} for every example. */
    public int[] classify(float[][] examples) {
        requireClassifier("classify");
        float[][] outputs = predict(examples);
        int[] result = new int[outputs.length];
        for (int i = 0; i < outputs.length; i++) {
            result[i] = argmax(outputs[i], 0, classes);
        }
        return result;
    }

    /**
     * A classifier's class probabilities for one example: the first output if it already is a probability
     * distribution (every value in [0, 1], summing to 1 within 1e-4, as a {@code softmax} output does), else its
     * softmax (the output is taken as logits).
     */
    public float[] probabilities(float[] example) {
        requireClassifier("probabilities");
        checkInput(example, -1);
        float[][] table = single.get();
        prepare(example, table[inputSlot], 0);
        kernel.predict(table, 1);
        float[] p = new float[classes];
        System.arraycopy(table[outputSlots[0]], 0, p, 0, classes);
        return isDistribution(p) ? p : softmax(p);
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    private void checkInput(float[] example, int row) {
        if (example == null) {
            throw new IllegalArgumentException(row < 0 ? "the example is null" : "example " + row + " is null");
        }
        if (example.length != inputSize) {
            throw new IllegalArgumentException((row < 0 ? "the example" : "example " + row) + " has "
                    + example.length + " numbers; model " + name() + " takes " + inputSize + " ("
                    + spec.input().name() + ")");
        }
    }

    /** Scale, then standardize, as the data readers and {@link Standardization#apply} do, into {@code dst}. */
    private void prepare(float[] x, float[] dst, int at) {
        for (int j = 0; j < inputSize; j++) {
            float v = scale == 1.0 ? x[j] : (float) (x[j] * scale);
            dst[at + j] = mean == null ? v : (v - mean[j]) / std[j];
        }
    }

    private void copyOutputs(float[][] table, int row, float[] out) {
        int at = 0;
        for (int k = 0; k < outputSlots.length; k++) {
            int size = outputSizes[k];
            System.arraycopy(table[outputSlots[k]], row * size, out, at, size);
            at += size;
        }
    }

    private void requireClassifier(String what) {
        if (classes == 0) {
            throw new IllegalStateException(what + " needs a classifier (a label[K] target and a first output of K"
                    + " values); model " + name() + " is not one");
        }
    }

    private static int argmax(float[] v, int from, int count) {
        int best = 0;
        for (int i = 1; i < count; i++) {
            if (v[from + i] > v[from + best]) {
                best = i;
            }
        }
        return best;
    }

    private static boolean isDistribution(float[] p) {
        double sum = 0;
        for (float v : p) {
            if (!(v >= 0 && v <= 1)) {
                return false;
            }
            sum += v;
        }
        return Math.abs(sum - 1) <= 1e-4;
    }

    private static float[] softmax(float[] z) {
        float max = Float.NEGATIVE_INFINITY;
        for (float v : z) {
            max = Math.max(max, v);
        }
        double sum = 0;
        double[] e = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            e[i] = Math.exp(z[i] - max);
            sum += e[i];
        }
        float[] p = new float[z.length];
        for (int i = 0; i < z.length; i++) {
            p[i] = (float) (e[i] / sum);
        }
        return p;
    }
}
