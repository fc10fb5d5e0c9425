package dnnc.compiler.ast;

/** {@code name = value}: a named value, a local in a function, or a setting in a train/data block. */
public record Binding(Ident name, Expr value, Span span) {
}
