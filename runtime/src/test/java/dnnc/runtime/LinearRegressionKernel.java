package dnnc.runtime;

import java.util.List;
import java.util.Map;

/**
 * A hand-written kernel for tests: {@code y = x . W + b} with mean squared error, the way generated code
 * would compute it. Slots: 0 x, 1 t, 2 y, 3 loss, 4 W, 5 dW, 6 b, 7 db.
 */
public final class LinearRegressionKernel implements ModelKernel {
    private final int d;
    private final String spec;

    public LinearRegressionKernel(int features, String name, ModelSpec.Train train, List<ModelSpec.DataSource> data) {
        this.d = features;
        this.spec = spec(features, name, train, data).toText();
    }

    public LinearRegressionKernel(int features) {
        this(features, "linreg", new ModelSpec.Train("sgd", Map.of("lr", 0.1), 50, 16, 7), List.of());
    }

    public static ModelSpec spec(int d, String name, ModelSpec.Train train, List<ModelSpec.DataSource> data) {
        List<ModelSpec.Slot> slots = List.of(new ModelSpec.Slot(d, true), new ModelSpec.Slot(1, true),
                new ModelSpec.Slot(1, true), new ModelSpec.Slot(1, false), new ModelSpec.Slot(d, false),
                new ModelSpec.Slot(d, false), new ModelSpec.Slot(1, false), new ModelSpec.Slot(1, false));
        return new ModelSpec(name, slots, new ModelSpec.Tensor("x", 0, new int[] {d}),
                new ModelSpec.Target("t", 1, false, 0, new int[] {1}),
                List.of(new ModelSpec.Tensor("y", 2, new int[] {1})), 3,
                List.of(new ModelSpec.Param("W", 4, 5, new int[] {d, 1}, ModelSpec.Init.uniform(-0.5, 0.5)),
                        new ModelSpec.Param("b", 6, 7, new int[] {1}, ModelSpec.Init.constant(0))),
                train, data);
    }

    @Override
    public String spec() {
        return spec;
    }

    @Override
    public void forward(float[][] b, int n, boolean training) {
        predict(b, n);
        float sum = 0;
        for (int i = 0; i < n; i++) {
            float e = b[2][i] - b[1][i];
            sum += e * e;
        }
        b[3][0] = sum / n;
    }

    @Override
    public void backward(float[][] b, int n) {
        // a kernel assigns its gradients: start them from zero, then add up over the batch
        java.util.Arrays.fill(b[5], 0f);
        java.util.Arrays.fill(b[7], 0f);
        for (int i = 0; i < n; i++) {
            float g = 2 * (b[2][i] - b[1][i]) / n;
            for (int j = 0; j < d; j++) {
                b[5][j] += g * b[0][i * d + j];
            }
            b[7][0] += g;
        }
    }

    @Override
    public void predict(float[][] b, int n) {
        for (int i = 0; i < n; i++) {
            float y = b[6][0];
            for (int j = 0; j < d; j++) {
                y += b[0][i * d + j] * b[4][j];
            }
            b[2][i] = y;
        }
    }
}
