package dnnc.compiler.ast;

/** A name as written, with where it was written. */
public record Ident(String name, Span span) {
}
