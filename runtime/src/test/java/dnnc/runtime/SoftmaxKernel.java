package dnnc.runtime;

import java.util.List;
import java.util.Map;

/**
 * A hand-written kernel for tests: softmax regression {@code logits = x . W + b} with cross-entropy on class
 * labels. Slots: 0 x, 1 label, 2 logits, 3 loss, 4 W, 5 dW, 6 b, 7 db, 8 probabilities.
 */
public final class SoftmaxKernel implements ModelKernel {
    private final int d;
    private final int k;
    private final String spec;

    public SoftmaxKernel(int features, int classes, ModelSpec.Train train) {
        this(new int[] {features}, classes, train);
    }

    /** Over an input of any shape, e.g. an image [C, H, W], read as C·H·W features. */
    public SoftmaxKernel(int[] inputShape, int classes, ModelSpec.Train train) {
        int features = ModelSpec.size(inputShape);
        this.d = features;
        this.k = classes;
        List<ModelSpec.Slot> slots = List.of(new ModelSpec.Slot(d, true), new ModelSpec.Slot(1, true),
                new ModelSpec.Slot(k, true), new ModelSpec.Slot(1, false), new ModelSpec.Slot(d * k, false),
                new ModelSpec.Slot(d * k, false), new ModelSpec.Slot(k, false), new ModelSpec.Slot(k, false),
                new ModelSpec.Slot(k, true));
        this.spec = new ModelSpec("softmax", slots, new ModelSpec.Tensor("x", 0, inputShape.clone()),
                new ModelSpec.Target("label", 1, true, k, new int[0]),
                List.of(new ModelSpec.Tensor("logits", 2, new int[] {k})), 3,
                List.of(new ModelSpec.Param("W", 4, 5, new int[] {d, k}, ModelSpec.Init.normal(0, 0.1)),
                        new ModelSpec.Param("b", 6, 7, new int[] {k}, ModelSpec.Init.constant(0))),
                train, List.of()).toText();
    }

    public SoftmaxKernel(int features, int classes) {
        this(features, classes, new ModelSpec.Train("adam", Map.of("lr", 0.05), 20, 32, 3));
    }

    @Override
    public String spec() {
        return spec;
    }

    @Override
    public void forward(float[][] b, int n, boolean training) {
        predict(b, n);
        double loss = 0;
        for (int i = 0; i < n; i++) {
            float max = Float.NEGATIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                max = Math.max(max, b[2][i * k + c]);
            }
            double sum = 0;
            for (int c = 0; c < k; c++) {
                sum += Math.exp(b[2][i * k + c] - max);
            }
            for (int c = 0; c < k; c++) {
                b[8][i * k + c] = (float) (Math.exp(b[2][i * k + c] - max) / sum);
            }
            loss -= Math.log(b[8][i * k + (int) b[1][i]]);
        }
        b[3][0] = (float) (loss / n);
    }

    @Override
    public void backward(float[][] b, int n) {
        // a kernel assigns its gradients: start them from zero, then add up over the batch
        java.util.Arrays.fill(b[5], 0f);
        java.util.Arrays.fill(b[7], 0f);
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < k; c++) {
                float g = (b[8][i * k + c] - (c == (int) b[1][i] ? 1 : 0)) / n;
                for (int j = 0; j < d; j++) {
                    b[5][j * k + c] += g * b[0][i * d + j];
                }
                b[7][c] += g;
            }
        }
    }

    @Override
    public void predict(float[][] b, int n) {
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < k; c++) {
                float z = b[6][c];
                for (int j = 0; j < d; j++) {
                    z += b[0][i * d + j] * b[4][j * k + c];
                }
                b[2][i * k + c] = z;
            }
        }
    }
}
