package dnnc.compiler.ast;

import java.util.List;

/**
 * {@code float[d1, d2, ...]} or {@code label[K]}. Dimensions are kept as written (numbers, possibly not whole
 * or not positive) with their spans, so that the checker can say which one is wrong.
 */
public record TensorType(boolean isLabel, List<Expr.Number> dims, Span span) {
}
