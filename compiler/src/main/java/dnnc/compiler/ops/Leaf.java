package dnnc.compiler.ops;

import dnnc.compiler.codegen.Lowering;
import dnnc.compiler.ir.GraphBuilder;
import dnnc.compiler.ir.Node;
import dnnc.compiler.ir.Shape;
import java.util.List;

/**
 * A value that no op computes: the input batch, the target batch, a learned parameter, a scalar constant,
 * the number of examples in the current batch (known only at run time; {@code mean} divides by it), or a
 * dropout mask that the runtime fills.
 */
public record Leaf(Kind kind, String name, Shape fixedShape, double value) implements Op {

    /**
     * NOISE is a dropout mask with rate {@code value}: the runtime fills it for each training step (0 with
     * probability value, else 1 / (1 - value)) and with 1s otherwise.
     */
    /**
     * STATE is a parameter that training does not optimize but the generated code updates (batch
     * normalization's running statistics). TRAINING is 1 during a training forward pass and 0 otherwise.
     */
    public enum Kind { INPUT, TARGET, PARAM, CONST, BATCH_SIZE, NOISE, STATE, TRAINING }

    public static Leaf constant(double value) {
        return new Leaf(Kind.CONST, "", Shape.SCALAR, value);
    }

    public static Leaf batchSize() {
        return new Leaf(Kind.BATCH_SIZE, "", Shape.SCALAR, 0);
    }

    public boolean is(Kind k) {
        return kind == k;
    }

    @Override
    public Shape shape(List<Shape> inputs) {
        return fixedShape;
    }

    @Override
    public List<Node> vjp(GraphBuilder g, Node node, Node grad) {
        return List.of();
    }

    @Override
    public double[] eval(Node node, double[][] inputs, int batch) {
        return switch (kind) {
            case CONST -> new double[] {value};
            case BATCH_SIZE -> new double[] {batch};
            default -> throw new IllegalStateException(kind + " " + name + " has no value of its own");
        };
    }

    @Override
    public void lower(Lowering lowering, Node node) {
        // Leaves live in slots filled by the runtime, or are pushed where they are used (constants, n).
    }

    @Override
    public boolean isPure() {
        return kind == Kind.CONST || kind == Kind.BATCH_SIZE;
    }

    @Override
    public String toString() {
        return switch (kind) {
            case CONST -> GraphBuilder.formatNumber(value);
            case BATCH_SIZE -> "batch_size";
            case NOISE -> "dropout_mask(" + value + ")";
            case TRAINING -> "training";
            default -> kind.name().toLowerCase() + " " + name;
        };
    }
}
