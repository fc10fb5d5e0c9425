package dnnc.runtime;

import dnnc.runtime.data.Dataset;

/**
 * How accuracy is measured for a model and data set, if at all:
 * <ul>
 * <li>label target and a first output with one value per class: the output's argmax against the label;</li>
 * <li>one real target value, a first output of size 1, and every target 0 or 1: the output thresholded at
 * 0.5 (a value of 0.5 or more predicts 1);</li>
 * <li>anything else: no accuracy.</li>
 * </ul>
 */
public final class Accuracy {
    private enum Kind { NONE, ARGMAX, BINARY }

    private final Kind kind;
    private final int outputSlot;
    private final int outputSize;
    private final int targetSlot;

    private Accuracy(Kind kind, ModelSpec spec) {
        this.kind = kind;
        this.outputSlot = spec.outputs().get(0).slot();
        this.outputSize = spec.outputs().get(0).size();
        this.targetSlot = spec.target().slot();
    }

    public static Accuracy forData(ModelSpec spec, Dataset data) {
        ModelSpec.Target target = spec.target();
        int first = spec.outputs().get(0).size();
        Kind kind = Kind.NONE;
        if (target.isLabel() && first == target.classes()) {
            kind = Kind.ARGMAX;
        } else if (!target.isLabel() && target.size() == 1 && first == 1 && allZeroOrOne(data)) {
            kind = Kind.BINARY;
        }
        return new Accuracy(kind, spec);
    }

    public boolean applies() {
        return kind != Kind.NONE;
    }

    /** Correct predictions among the first {@code n} examples of a table after a forward pass. */
    public int countCorrect(float[][] table, int n) {
        float[] out = table[outputSlot];
        float[] target = table[targetSlot];
        int correct = 0;
        if (kind == Kind.ARGMAX) {
            for (int i = 0; i < n; i++) {
                if (argmax(out, i * outputSize, outputSize) == (int) target[i]) {
                    correct++;
                }
            }
        } else if (kind == Kind.BINARY) {
            for (int i = 0; i < n; i++) {
                float predicted = out[i] >= 0.5f ? 1f : 0f;
                if (predicted == target[i]) {
                    correct++;
                }
            }
        }
        return correct;
    }

    /** Number of classes a confusion matrix has: the output's size for argmax, 2 for binary, 0 otherwise. */
    public int classes() {
        return kind == Kind.ARGMAX ? outputSize : kind == Kind.BINARY ? 2 : 0;
    }

    /** Adds the first {@code n} examples of a table to {@code counts[actual][predicted]}. */
    public void addToConfusion(float[][] table, int n, long[][] counts) {
        float[] out = table[outputSlot];
        float[] target = table[targetSlot];
        for (int i = 0; i < n; i++) {
            int predicted = kind == Kind.ARGMAX ? argmax(out, i * outputSize, outputSize) : out[i] >= 0.5f ? 1 : 0;
            counts[(int) target[i]][predicted]++;
        }
    }

    private static int argmax(float[] v, int from, int length) {
        int best = 0;
        for (int k = 1; k < length; k++) {
            if (v[from + k] > v[from + best]) {
                best = k;
            }
        }
        return best;
    }

    private static boolean allZeroOrOne(Dataset data) {
        float[] t = data.targets();
        int count = data.size() * data.targetSize();
        for (int i = 0; i < count; i++) {
            if (t[i] != 0f && t[i] != 1f) {
                return false;
            }
        }
        return count > 0;
    }
}
