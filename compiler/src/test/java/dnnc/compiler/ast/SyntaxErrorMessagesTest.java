package dnnc.compiler.ast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dnnc.compiler.check.Diagnostic;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Syntax errors are reported once, at the offending place, in plain words instead of ANTLR token names. */
class SyntaxErrorMessagesTest {

    static Stream<Arguments> cases() {
        return Stream.of(
            // source, where (line:column), a fragment of the message
            Arguments.of("model M {\n  input x float[784]\n}", "2:10",
                    "missing ':' between the input name and its type, as in `input x: float[784]`"),
            Arguments.of("model M {\n  input x\n}", "2:10",
                    "missing ':' and a type after the input name, as in `input x: float[784]`"),
            Arguments.of("model M {\n  target y\n  input x: float[1]\n}", "2:11",
                    "missing ':' and a type after the target name, as in `target y: label[10]`"),
            Arguments.of("model M {\n  input x: float\n}", "2:17", "expected a dimension list like float[28, 28]"),
            Arguments.of("model M {\n  input x: tensor[3]\n}", "2:12",
                    "expected a type like float[784] or label[10] after ':', but found 'tensor'"),
            Arguments.of("model M {\n  input x: float[]\n}", "2:18", "expected a dimension (a number) after '['"),
            Arguments.of("model M {\n  input x: float[28 28]\n}", "2:21",
                    "expected ',' or ']' in the dimension list, but found '28'"),
            Arguments.of("model M {\n  h =\n}", "2:6", "expected an expression after '='"),
            Arguments.of("model M {\n  h =", "2:6", "expected an expression after '=', but found end of file"),
            Arguments.of("model M { h = @ }", "1:15", "expected an expression after '=', but found '@'"),
            Arguments.of("model M {\n  h = f(a, )\n}", "2:12", "expected an expression after ',', but found ')'"),
            Arguments.of("model M {\n  h = 1 +\n  g = 2\n}", "2:10", "expected an expression after '+'"),
            Arguments.of("model M {\n  h = relu(dense(x, 1)\n  output h\n}", "2:23",
                    "expected ',' or ')' to close the '(' opened at line 2"),
            Arguments.of("model M {\n  h = (a + b\n}", "2:13", "expected ')' to close the '(' opened at line 2"),
            Arguments.of("model M {\n  h = f(a b)\n}", "2:11",
                    "expected ',' or ')' to close the '(' opened at line 2, column 8, but found 'b'"),
            Arguments.of("model M {\n  s = \"abc\n}", "2:7", "unterminated string"),
            Arguments.of("model M { }\n/* a\n /* b */\n", "2:1", "unterminated comment (opened at line 2)"),
            Arguments.of("model M {\n  h = a $ b\n}", "2:9", "unexpected character '$'"),
            Arguments.of("model M {\n  h = \u0007\n}", "2:7", "unexpected character U+0007"),
            Arguments.of("model M {\n  h = \"C:\\data\"\n}", "2:10", "unknown escape '\\d' in a string"),
            Arguments.of("modle M { }", "1:1", "expected a function (fn ...) or a model (model Name { ... }), "
                    + "but found 'modle' (did you mean 'model'?)"),
            Arguments.of("model M {\n  inptu x: float[3]\n}", "2:3", "did you mean 'input'?"),
            Arguments.of("model M {\n  42\n}", "2:3", "expected a declaration (input, target, param, output, loss, "
                    + "train, data, or name = value), but found '42'"),
            Arguments.of("model M {\n  input x: float[3]\n", "2:20",
                    "expected '}' to close model 'M' (opened at line 1), but found end of file"),
            Arguments.of("model M {\n  loss cross_entropy(a, b)\n}", "2:8", "expected '=' after 'loss'"),
            Arguments.of("model M {\n  output = 3\n}", "2:10", "expected a name after 'output'"),
            Arguments.of("model M {\n  train { epochs 3 }\n}", "2:18", "expected '=' after the setting name 'epochs'"),
            Arguments.of("model M {\n  train { epochs = 1\n  output p\n}", "2:21",
                    "expected '}' to close the train block (opened at line 2"),
            Arguments.of("model M {\n  train { 3 }\n}", "2:11", "expected a setting (name = value) or '}' in the train block"),
            Arguments.of("fn (x) = x", "1:4", "expected a function name after 'fn'"),
            Arguments.of("fn f(x) x", "1:9", "expected '=' or '{' after the parameters of 'f'"),
            Arguments.of("fn f(a b) = a", "1:8", "expected ',' or ')' in the parameter list of 'f'"),
            Arguments.of("fn f(x) { y = x }", "1:17", "missing 'return' in the body of 'f'"),
            Arguments.of("fn f(x) {\n  retrun x\n}", "2:3", "did you mean 'return'?"),
            Arguments.of("model {\n}", "1:7", "expected a model name after 'model'"));
    }

    @ParameterizedTest(name = "[{index}] {1}: {2}")
    @MethodSource("cases")
    void reportsOneErrorAtThePlaceInPlainWords(String source, String where, String fragment) {
        Parsed p = Parsed.of(source);
        List<Diagnostic> errors = p.errors();
        assertEquals(1, errors.size(), () -> "expected exactly one error:\n" + p.diagnostics().render());
        Diagnostic d = errors.get(0);
        assertEquals(where, d.span().line() + ":" + d.span().column(), () -> p.diagnostics().render());
        assertTrue(d.message().contains(fragment), () -> "message was: " + d.message());
    }

    @ParameterizedTest(name = "[{index}] {1}: {2}")
    @MethodSource("cases")
    void neverUsesAntlrTokenNames(String source, String where, String fragment) {
        for (Diagnostic d : Parsed.of(source).errors()) {
            for (String antlrism : List.of("IDENT", "NUMBER", "STRING", "<EOF>", "mismatched", "extraneous",
                    "viable", "T__", "expecting")) {
                assertTrue(!d.message().contains(antlrism), () -> "ANTLR wording in: " + d.message());
            }
        }
    }

    @Test
    void independentErrorsOnDifferentLinesAreAllReported() {
        Parsed p = Parsed.of("""
                model M {
                    input x float[784]
                    h = relu(dense(x, 256)
                    output p = softmax(h)
                    loss = = 1
                }
                """);
        assertEquals("""
                2:12: missing ':' between the input name and its type, as in `input x: float[784]`
                3:27: expected ',' or ')' to close the '(' opened at line 3
                5:12: expected an expression after '=', but found '='""", p.summary());
    }

    @Test
    void aStrayLineAtTheTopOfAModelDoesNotHideLaterErrors() {
        Parsed p = Parsed.of("model M {\n  42 43\n  input x: float[3]\n  h = = 3\n}");
        assertEquals(List.of(2, 4), p.errors().stream().map(d -> d.span().line()).toList(), p::summary);
    }

    @Test
    void aMisspeltKeywordIsReportedWithoutAFollowOnErrorOnTheNextLine() {
        Parsed p = Parsed.of("fn f(x) {\n  retrun x\n}\nmodel M {\n  h = = 1\n}");
        assertEquals("2:3: expected '=' after 'retrun', or did you mean 'return'?\n"
                + "5:7: expected an expression after '=', but found '='", p.summary());
    }

    @Test
    void aMistakeProducesAtMostOneErrorPerLine() {
        Parsed p = Parsed.of("model M {\n  h = relu(x,, 3) ; ; ) ]\n  g = = ( ]\n}");
        assertEquals(List.of(2, 3), p.errors().stream().map(d -> d.span().line()).toList(), p::summary);
    }

    @Test
    void theModelAfterAGarbledOneIsStillParsed() {
        Parsed p = Parsed.of("model A { h = = }\nmodel B { input x: float[1] }");
        assertEquals(1, p.errors().size(), p::summary);
        ModelDef b = p.program().models().get(1);
        assertEquals("B", b.name().name());
        assertEquals(1, b.members().size());
    }
}
