package dnnc.compiler.ast;

import java.util.List;

/** {@code model Name { members }}. */
public record ModelDef(Ident name, List<Member> members, Span span) {
}
