package dnnc.compiler.ast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dnnc.compiler.check.Diagnostic;
import dnnc.compiler.check.Diagnostics;
import dnnc.compiler.check.SourceFile;
import java.util.List;
import java.util.stream.Collectors;

/** Test helper: one parse of a text, with its AST and diagnostics, and a compact way to print expressions. */
record Parsed(Program program, Diagnostics diagnostics) {

    static Parsed of(String text) {
        Diagnostics diagnostics = new Diagnostics(new SourceFile("test.dnn", text));
        return new Parsed(Parser.parse(diagnostics.file(), diagnostics), diagnostics);
    }

    /** Parses text that must be free of errors. */
    static Parsed clean(String text) {
        Parsed p = of(text);
        assertFalse(p.diagnostics.hasErrors(), () -> "unexpected errors:\n" + p.diagnostics.render());
        return p;
    }

    /** The value of {@code h = <expr>} inside a model, as an S-expression. */
    static String expression(String expr) {
        Member.Let let = (Member.Let) clean("model M { h = " + expr + " }").model().members().get(0);
        return show(let.binding().value());
    }

    ModelDef model() {
        assertEquals(1, program.models().size());
        return program.models().get(0);
    }

    List<Diagnostic> errors() {
        return diagnostics.all();
    }

    /** "line:column: message" for each diagnostic, for readable assertion failures. */
    String summary() {
        return errors().stream().map(d -> d.span().line() + ":" + d.span().column() + ": " + d.message())
                .collect(Collectors.joining("\n"));
    }

    /** {@code (+ (* (- a) b) (@ c d))}: structure without spans. */
    static String show(Expr e) {
        if (e instanceof Expr.Number n) {
            return n.text();
        } else if (e instanceof Expr.Str s) {
            return '"' + s.value() + '"';
        } else if (e instanceof Expr.Name n) {
            return n.name();
        } else if (e instanceof Expr.Negate n) {
            return "(- " + show(n.operand()) + ")";
        } else if (e instanceof Expr.Binary b) {
            return "(" + b.op() + " " + show(b.left()) + " " + show(b.right()) + ")";
        } else if (e instanceof Expr.Call c) {
            String args = c.args().stream()
                    .map(a -> (a.isNamed() ? a.name().name() + "=" : "") + show(a.value()))
                    .collect(Collectors.joining(" "));
            return "(" + c.callee().name() + (args.isEmpty() ? "" : " " + args) + ")";
        }
        throw new AssertionError("unknown expression " + e);
    }
}
