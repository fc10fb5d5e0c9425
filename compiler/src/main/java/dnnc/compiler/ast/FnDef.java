package dnnc.compiler.ast;

import java.util.List;

/**
 * {@code fn name(a, b) = body} or {@code fn name(a, b) { x = ...; return body }}. Each call site gets its
 * own parameters for the layers inside.
 */
public record FnDef(Ident name, List<Ident> params, List<Binding> lets, Expr body, Span span) {
}
