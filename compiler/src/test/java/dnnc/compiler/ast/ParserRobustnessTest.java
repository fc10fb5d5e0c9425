package dnnc.compiler.ast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dnnc.compiler.check.Diagnostic;
import dnnc.grammar.DnnLexer;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.Token;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Parser.parse never throws, whatever the text, and what it returns is always a well-formed AST. */
class ParserRobustnessTest {

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\n\n", "}", "{", "model", "model M", "model M {", "fn", "fn f(", "\"",
        "\"abc", "/*", "/* /* */", "*/", "\\", "\u0000", "\uFEFF", "\uD83D\uDE00", "model M { h = \"\\",
        "model M { input x: float[1e999] }", "model M { h = 1e }", ")))))", "== == ==", "model M { ; ; }"})
    void oddInputsAreReportedOrAcceptedButNeverThrow(String text) {
        check(text);
    }

    @Test
    void randomBytesNeverThrow() {
        Random random = new Random(1);
        for (int i = 0; i < 200; i++) {
            StringBuilder s = new StringBuilder();
            for (int n = random.nextInt(200); n > 0; n--) {
                s.append((char) random.nextInt(random.nextBoolean() ? 128 : 0x3000));
            }
            check(s.toString());
        }
    }

    /** 2000 mutants of the MLP example: tokens deleted, duplicated, swapped, random characters inserted. */
    @Test
    void mutationsOfTheMlpExampleNeverThrow() {
        String mlp = DesignExamplesTest.MLP;
        List<? extends Token> tokens = new DnnLexer(CharStreams.fromString(mlp)).getAllTokens();
        String junk = "(){}[],;:=+-*/@\"\\$#.\n\t\u0000\u00e9e5 input fn model train";
        Random random = new Random(42);
        for (int i = 0; i < 2000; i++) {
            StringBuilder s = new StringBuilder(mlp);
            for (int edits = 1 + random.nextInt(3); edits > 0; edits--) {
                Token t = tokens.get(random.nextInt(tokens.size()));
                int start = Math.min(t.getStartIndex(), s.length());
                int stop = Math.min(t.getStopIndex() + 1, s.length());
                switch (random.nextInt(4)) {
                    case 0 -> s.delete(start, stop);
                    case 1 -> s.insert(stop, " " + s.substring(start, stop));
                    case 2 -> {
                        Token u = tokens.get(random.nextInt(tokens.size()));
                        s.insert(start, u.getText() + " ");
                    }
                    default -> {
                        int at = random.nextInt(s.length() + 1);
                        for (int n = 1 + random.nextInt(3); n > 0; n--) {
                            s.insert(at, junk.charAt(random.nextInt(junk.length())));
                        }
                    }
                }
            }
            check(s.toString());
        }
    }

    @Test
    void deepNestingWithinTheStackParses() {
        String deep = "(".repeat(5000) + "a" + ")".repeat(5000);
        Parsed p = Parsed.of("model M { h = " + deep + " }");
        // With the test JVM's 8 MB stack this either parses or reports the nesting; it must not crash.
        assertTrue(!p.diagnostics().hasErrors() || p.summary().contains("expression nested too deeply"), p::summary);
    }

    @ParameterizedTest
    @ValueSource(strings = {"(", "-", "f("})
    void nestingThatOverflowsTheStackIsReportedAndLaterParsesStillWork(String opener) throws Exception {
        String text = "model M {\n  h = " + opener.repeat(5000) + "a\n}";
        AtomicReference<Parsed> result = new AtomicReference<>();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        // A small stack makes the overflow certain, as on a default 1 MB main thread with deeper input.
        Thread small = new Thread(null, () -> {
            try {
                result.set(Parsed.of(text));
            } catch (Throwable t) {
                thrown.set(t);
            }
        }, "small-stack", 256 * 1024);
        small.start();
        small.join();
        assertEquals(null, thrown.get());
        List<Diagnostic> errors = result.get().errors();
        assertTrue(errors.stream().anyMatch(d -> d.message().equals("expression nested too deeply")
                && d.span().line() == 2), result.get()::summary);
        Parsed.clean(DesignExamplesTest.MLP);  // ANTLR's shared caches survived the overflow
    }

    @Test
    void unterminatedStringIsReportedOnceAndTheRestStillParses() {
        Parsed p = Parsed.of("model M {\n  s = \"abc\n  input x: float[3]\n}");
        assertEquals("2:7: unterminated string: add a closing '\"' before the end of the line", p.summary());
        assertEquals(2, p.model().members().size());
        assertEquals("abc", ((Expr.Str) ((Member.Let) p.model().members().get(0)).binding().value()).value());
    }

    @Test
    void unterminatedCommentIsReportedWithoutComplaintsAboutWhatItSwallowed() {
        Parsed p = Parsed.of("model M {\n  input x: float[3]\n  /* to do\n  h = x\n}\n");
        assertEquals("3:3: unterminated comment (opened at line 3): add a closing '*/'", p.summary());
    }

    /** One parse: no exception, no internal error, at most one error per line, and no missing required parts. */
    private static void check(String text) {
        Parsed p;
        try {
            p = Parsed.of(text);
        } catch (Throwable t) {
            throw new AssertionError("Parser.parse threw on:\n" + text, t);
        }
        Set<Integer> lines = new HashSet<>();
        for (Diagnostic d : p.errors()) {
            assertFalse(d.message().startsWith("internal error"), () -> d.message() + " on:\n" + text);
            assertTrue(d.span().line() >= 1 && d.span().column() >= 1, () -> d + " on:\n" + text);
            assertTrue(lines.add(d.span().line()), () -> "two errors on one line:\n" + p.summary() + "\non:\n" + text);
        }
        assertWellFormed(p.program());
    }

    private static void assertWellFormed(Program program) {
        for (FnDef f : program.functions()) {
            assertNotNull(f.name());
            f.params().forEach(param -> assertNotNull(param));
            f.lets().forEach(ParserRobustnessTest::assertWellFormed);
            assertWellFormed(f.body());
        }
        for (ModelDef m : program.models()) {
            assertNotNull(m.name());
            for (Member member : m.members()) {
                assertNotNull(member.span());
                if (member instanceof Member.Input in) {
                    assertNotNull(in.type());
                } else if (member instanceof Member.Param param && param.init() != null) {
                    assertWellFormed(param.init());
                } else if (member instanceof Member.Output out && out.value() != null) {
                    assertWellFormed(out.value());
                } else if (member instanceof Member.Loss loss) {
                    assertWellFormed(loss.value());
                } else if (member instanceof Member.Let let) {
                    assertWellFormed(let.binding());
                } else if (member instanceof Member.Settings settings) {
                    settings.settings().forEach(ParserRobustnessTest::assertWellFormed);
                }
            }
        }
    }

    private static void assertWellFormed(Binding b) {
        assertNotNull(b.name());
        assertWellFormed(b.value());
    }

    private static void assertWellFormed(Expr e) {
        assertNotNull(e);
        assertNotNull(e.span());
        if (e instanceof Expr.Binary b) {
            assertWellFormed(b.left());
            assertWellFormed(b.right());
        } else if (e instanceof Expr.Negate n) {
            assertWellFormed(n.operand());
        } else if (e instanceof Expr.Call c) {
            assertNotNull(c.callee());
            c.args().forEach(a -> assertWellFormed(a.value()));
        }
    }
}
