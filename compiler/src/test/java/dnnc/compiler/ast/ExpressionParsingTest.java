package dnnc.compiler.ast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Expressions: precedence and associativity, literals, arguments. */
class ExpressionParsingTest {

    @ParameterizedTest(name = "{0}  =>  {1}")
    @CsvSource(delimiter = '|', value = {
        "-a * b + c @ d   | (+ (* (- a) b) (@ c d))",
        "a + b * c        | (+ a (* b c))",
        "a - b - c        | (- (- a b) c)",
        "a / b * c        | (* (/ a b) c)",
        "a @ b @ c        | (@ (@ a b) c)",
        "x @ W + b        | (+ (@ x W) b)",
        "(a + b) * c      | (* (+ a b) c)",
        "a * -b           | (* a (- b))",
        "--a              | (- (- a))",
        "-(a + b)         | (- (+ a b))",
        "1/255            | (/ 1 255)",
        "1 - -1           | (- 1 (- 1))",
        "-x ^ 2           | (- (^ x 2))",
        "a ^ b ^ c        | (^ a (^ b c))",
        "2 ^ -1           | (^ 2 (- 1))",
        "a * b ^ 2        | (* a (^ b 2))",
        "(a * b) ^ 2      | (^ (* a b) 2)",
    })
    void operatorsBindByPrecedenceAndAssociateLeftButPowerRight(String source, String expected) {
        assertEquals(expected, Parsed.expression(source));
    }

    @Test
    void binarySpansCoverBothOperandsAndTheOperatorIsKeptSeparately() {
        // model M { h = a + b * c }   -- "a" is at column 15
        Expr.Binary sum = (Expr.Binary) let("model M { h = a + b * c }").value();
        assertEquals(new Span(1, 15, 1, 23), sum.span());
        assertEquals(new Span(1, 17, 1, 17), sum.opSpan());
        assertEquals(new Span(1, 19, 1, 23), sum.right().span());
    }

    @Test
    void parenthesesGroupButLeaveNoNodeAndTheOuterSpanIncludesThem() {
        Expr.Binary product = (Expr.Binary) let("model M { h = (a + b) * c }").value();
        assertEquals(new Span(1, 15, 1, 25), product.span());
        assertEquals(new Span(1, 16, 1, 20), product.left().span());
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({"1e-4, 1e-4", "0.5, 0.5", ".5, 0.5", "3., 3.0", "42, 42", "2.5E+3, 2500", "1e3, 1000"})
    void numbersAreParsedAsDoublesKeepingTheirText(String text, double value) {
        Expr.Number n = (Expr.Number) let("model M { h = " + text + " }").value();
        assertEquals(value, n.value());
        assertEquals(text, n.text());
        assertEquals(new Span(1, 15, 1, 14 + text.length()), n.span());
    }

    @Test
    void stringsAreUnescaped() {
        Expr.Str s = (Expr.Str) let("model M { h = \"a\\\"b\\\\c\\nd\\te\" }").value();
        assertEquals("a\"b\\c\nd\te", s.value());
        assertEquals(new Span(1, 15, 1, 29), s.span());
    }

    @Test
    void anUnknownEscapeIsReportedAtTheBackslash() {
        Parsed p = Parsed.of("model M { h = \"C:\\data\" }");
        assertEquals("1:18: unknown escape '\\d' in a string: use \\\\ for a backslash, \\\" for a quote, \\n or \\t",
                p.summary());
    }

    @Test
    void callsTakePositionalAndNamedArgumentsInOrder() {
        Expr.Call call = (Expr.Call) let("model M { h = conv2d(x, 16, kernel = 3, pad = 1) }").value();
        assertEquals("conv2d", call.callee().name());
        List<Expr.Arg> args = call.args();
        assertEquals(4, args.size());
        assertNull(args.get(0).name());
        assertEquals("x", Parsed.show(args.get(0).value()));
        assertTrue(args.get(2).isNamed());
        assertEquals("kernel", args.get(2).name().name());
        assertEquals(new Span(1, 29, 1, 38), args.get(2).span());
        assertEquals(new Span(1, 15, 1, 48), call.span());
    }

    @Test
    void keywordsMayNameArguments() {
        assertEquals("(csv \"iris.csv\" target=\"label\" data=1 label=2)",
                Parsed.expression("csv(\"iris.csv\", target = \"label\", data = 1, label = 2)"));
    }

    @Test
    void aCallWithoutArgumentsHasAnEmptyList() {
        Expr.Call call = (Expr.Call) let("model M { h = zeros() }").value();
        assertEquals(List.of(), call.args());
    }

    @Test
    void aLongSumIsBuiltWithoutRecursionTroubles() {
        String sum = "a" + " + a".repeat(50_000);
        Parsed p = Parsed.clean("model M { h = " + sum + " }");
        Expr e = ((Member.Let) p.model().members().get(0)).binding().value();
        int depth = 0;
        while (e instanceof Expr.Binary b) {
            e = b.left();
            depth++;
        }
        assertEquals(50_000, depth);
    }

    private static Binding let(String text) {
        return ((Member.Let) Parsed.clean(text).model().members().get(0)).binding();
    }
}
