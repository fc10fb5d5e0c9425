package dnnc.compiler.check;

import dnnc.compiler.ast.Span;
import dnnc.compiler.ir.GraphBuilder;
import dnnc.compiler.ir.Shape;
import dnnc.runtime.ModelSpec;
import java.util.List;

/**
 * Turns an initializer as written ({@code glorot}, {@code he}, {@code normal(0, 0.01)}, {@code 0.5}) into a
 * concrete distribution for a parameter's shape. Fan-in is the first dim of a matrix [in, out] (the
 * convention of dense's W) and fan-out the last; filters [out, in, kh, kw] have fan-in in*kh*kw and fan-out
 * out*kh*kw.
 */
final class Initializers {
    static final List<String> NAMES = List.of("zeros", "ones", "glorot", "xavier", "glorot_normal", "xavier_normal",
            "he", "kaiming", "he_uniform", "kaiming_uniform", "lecun", "normal(mean, std)", "uniform(low, high)",
            "constant(value)", "a number");

    private Initializers() {
    }

    /** The default when none is written: glorot for matrices, zeros for vectors (biases). */
    static Value defaultFor(Shape shape) {
        return new Value.Word(shape.rank() >= 2 ? "glorot" : "zeros");
    }

    static ModelSpec.Init resolve(Value init, Shape shape, Span span, Diagnostics diagnostics) {
        int[] dims = shape.dims();
        int fanIn = dims.length >= 2 ? shape.size() / dims[dims.length - 1] : dims[0];
        int fanOut = dims[dims.length - 1];
        if (dims.length == 4) {   // convolution filters [out, in, kh, kw], PyTorch's layout
            fanIn = shape.size() / dims[0];
            fanOut = shape.size() / dims[1];
        }
        if (init instanceof Value.Tensor t && t.isConstant()) {
            return ModelSpec.Init.constant(t.constant());
        }
        if (init instanceof Value.Init i) {
            return switch (i.kind()) {
                case "normal" -> ModelSpec.Init.normal(i.a(), i.b());
                case "uniform" -> ModelSpec.Init.uniform(i.a(), i.b());
                default -> ModelSpec.Init.constant(i.a());
            };
        }
        ModelSpec.Init resolved = init instanceof Value.Word w ? named(w.word(), fanIn, fanOut) : null;
        if (resolved != null) {
            return resolved;
        }
        diagnostics.error(span, "not an initializer: " + Value.describe(init),
                "note: initializers are " + String.join(", ", NAMES));
        return null;
    }

    private static ModelSpec.Init named(String word, int fanIn, int fanOut) {
        return switch (word) {
            case "zeros" -> ModelSpec.Init.constant(0);
            case "ones" -> ModelSpec.Init.constant(1);
            case "glorot", "xavier" -> symmetric(Math.sqrt(6.0 / (fanIn + fanOut)));
            case "glorot_normal", "xavier_normal" -> ModelSpec.Init.normal(0, Math.sqrt(2.0 / (fanIn + fanOut)));
            case "he", "kaiming" -> ModelSpec.Init.normal(0, Math.sqrt(2.0 / fanIn));
            case "he_uniform", "kaiming_uniform" -> symmetric(Math.sqrt(6.0 / fanIn));
            case "lecun" -> ModelSpec.Init.normal(0, Math.sqrt(1.0 / fanIn));
            default -> null;
        };
    }

    private static ModelSpec.Init symmetric(double limit) {
        return ModelSpec.Init.uniform(-limit, limit);
    }

    static String describe(ModelSpec.Init init) {
        return switch (init.kind()) {
            case "constant" -> GraphBuilder.formatNumber(init.a());
            case "normal" -> "normal(" + init.a() + ", " + init.b() + ")";
            default -> "uniform(" + init.a() + ", " + init.b() + ")";
        };
    }
}
