package dnnc.compiler.ast;

import java.util.List;

/** What a model body holds, in the order written. */
public sealed interface Member {
    Span span();

    /** {@code input x: float[784]} — one example; the batch dimension is implicit. */
    record Input(Ident name, TensorType type, Span span) implements Member {
    }

    /** {@code target y: label[10]} or {@code target y: float[1]}. */
    record Target(Ident name, TensorType type, Span span) implements Member {
    }

    /** {@code param W: float[4, 1] = glorot}; {@code init} is null when not written. */
    record Param(Ident name, TensorType type, Expr init, Span span) implements Member {
    }

    /** {@code output p = sigmoid(z)}, or {@code output z} for an existing name ({@code value} null). */
    record Output(Ident name, Expr value, Span span) implements Member {
    }

    /** {@code loss = ...}. */
    record Loss(Expr value, Span span) implements Member {
    }

    /** {@code h = relu(dense(x, 256))}: a named intermediate value. */
    record Let(Binding binding, Span span) implements Member {
    }

    /** {@code train { ... }} or {@code data { ... }}: {@code kind} is "train" or "data". */
    record Settings(String kind, Span kindSpan, List<Binding> settings, Span span) implements Member {
    }
}
