package dnnc.compiler.check;

import dnnc.compiler.ir.GraphBuilder;
import dnnc.compiler.ir.Node;

/** What an expression evaluates to while the checker builds the graph. */
public sealed interface Value {

    /** A tensor (numbers are scalar constant tensors). */
    record Tensor(Node node) implements Value {
        public boolean isConstant() {
            return GraphBuilder.isConstant(node);
        }

        public double constant() {
            return GraphBuilder.constantValue(node);
        }
    }

    /** Integer class labels (a {@code label[K]} target): only ops that take labels accept them. */
    record Labels(Node node, int classes) implements Value {
    }

    record Str(String value) implements Value {
    }

    /** {@code params}: every parameter of the model. */
    record AllParams() implements Value {
    }

    /** A bare name that only means something as an argument: an initializer such as {@code glorot}. */
    record Word(String word) implements Value {
    }

    /** An initializer call such as {@code normal(0, 0.01)}: kind "normal", "uniform" or "constant". */
    record Init(String kind, double a, double b) implements Value {
    }

    public static String describe(Value v) {
        if (v instanceof Tensor t) {
            return t.isConstant() ? "the number " + GraphBuilder.formatNumber(t.constant())
                    : "a tensor of shape " + t.node().shape().dimsText() + (t.node().shape().batched() ? " per example" : "");
        } else if (v instanceof Labels l) {
            return "class labels (label[" + l.classes() + "])";
        } else if (v instanceof Str s) {
            return "the string \"" + s.value() + "\"";
        } else if (v instanceof AllParams) {
            return "params";
        } else if (v instanceof Word w) {
            return "`" + w.word() + "`";
        } else if (v instanceof Init i) {
            return "the initializer " + i.kind() + "(...)";
        }
        return "nothing";
    }
}
