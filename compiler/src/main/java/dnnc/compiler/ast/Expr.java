package dnnc.compiler.ast;

import java.util.List;

/** Expressions: what a value, an argument, a loss or an initializer is written as. */
public sealed interface Expr {
    Span span();

    /** A number literal; {@code text} is kept for messages. */
    record Number(double value, String text, Span span) implements Expr {
    }

    /** A string literal, unescaped. */
    record Str(String value, Span span) implements Expr {
    }

    /** A reference to a named value, parameter, input, function argument or built-in constant. */
    record Name(String name, Span span) implements Expr {
    }

    /** {@code callee(args)}: a built-in op or a user function. */
    record Call(Ident callee, List<Arg> args, Span span) implements Expr {
    }

    /** Unary minus. */
    record Negate(Expr operand, Span span) implements Expr {
    }

    /** {@code left op right} with op one of {@code + - * / @ ^}. */
    record Binary(String op, Span opSpan, Expr left, Expr right, Span span) implements Expr {
    }

    /** One call argument; {@code name} is null for a positional argument. */
    record Arg(Ident name, Expr value, Span span) {
        public boolean isNamed() {
            return name != null;
        }
    }
}
