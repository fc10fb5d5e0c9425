package dnnc.compiler.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dnnc.compiler.check.Diagnostics;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dnnc command line: exit codes and what it prints. */
class DnncCommandTest {
    @TempDir
    Path dir;

    record Result(int exit, String out, String err) {
    }

    static Result dnnc(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(exit, out.toString(), err.toString());
    }

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void cleanModelChecksOk() {
        Result r = dnnc("check", "examples/xor.dnn");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("ok"));
    }

    @Test
    void shapeErrorIsReportedWithFileLineColumnSourceAndCaret() throws IOException {
        Path bad = write("bad.dnn", """
                model Bad {
                    input x: float[3]
                    target y: float[1]
                    param W: float[4, 1]
                    output p = x @ W
                    loss = mse(p, y)
                }
                """);
        Result r = dnnc("check", bad.toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().startsWith(bad + ":5:18: error: `@` cannot multiply [3] by [4, 1]"), r.err());
        assertTrue(r.err().contains("        output p = x @ W\n                     ^\n"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @Test
    void unknownNameSuggestsTheClosestOne() throws IOException {
        Path bad = write("typo.dnn", """
                model Typo {
                    input x: float[3]
                    target y: label[2]
                    logits = dense(x, 2)
                    output p = softmax(logts)
                    loss = cross_entropy(logits, y)
                }
                """);
        Result r = dnnc("check", bad.toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().contains(":5:24: error: unknown name `logts`"), r.err());
        assertTrue(r.err().contains("help: did you mean `logits`?"), r.err());
    }

    @Test
    void missingFileIsOneLineAndExitOne() {
        Result r = dnnc("check", dir.resolve("nope.dnn").toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("nope.dnn: no such file"), r.err());
    }

    @Test
    void unknownOptionIsUsageError() {
        Result r = dnnc("compile", "examples/xor.dnn", "--frobnicate");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("--frobnicate"), r.err());
    }

    @Test
    void compileWritesTheJarAndNothingElse() throws IOException {
        Path jar = dir.resolve("out/xor.jar");
        Result r = dnnc("compile", "examples/xor.dnn", "-o", jar.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(Files.size(jar) > 0);
        try (var files = Files.list(jar.getParent())) {
            assertEquals(1, files.count(), "a temporary file was left behind");
        }
    }

    @Test
    void dumpBytecodeListsTheGeneratedMethods() {
        Result r = dnnc("compile", "examples/xor.dnn", "-o", dir.resolve("x.jar").toString(), "--dump-bytecode");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("public forward([[FIZ)V"), r.out());
        assertTrue(r.out().contains("INVOKESTATIC dnnc/runtime/kernels/Gemm.gemm"), r.out());
    }

    @Test
    void compileErrorsWriteNoJar() throws IOException {
        Path bad = write("broken.dnn", "model M { input x: float[2] output y = relu(z) }");
        Path jar = dir.resolve("broken.jar");
        Result r = dnnc("compile", bad.toString(), "-o", jar.toString());
        assertEquals(1, r.exit());
        assertFalse(Files.exists(jar));
    }

    @Test
    void warningsArePrintedInTheSameFormatAndKeepExitCodeZero() throws IOException {
        Path file = write("warn.dnn", """
                model Warn {
                    input x: float[3]
                    target y: label[2]
                    param V: float[3, 2]
                    logits = dense(x, 2)
                    output p = softmax(logits)
                    loss = cross_entropy(logits, y)
                }
                """);
        Result r = dnnc("check", file.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().startsWith(file + ":4:11: warning: parameter `V` is never used\n"
                + "        param V: float[3, 2]\n"
                + "              ^\n"), r.err());
        assertEquals(file + ": ok (1 warning)\n", r.out());
    }

    @Test
    void jsonFormatPrintsOneObjectOnStandardOutput() throws IOException {
        Path bad = write("bad.dnn", """
                model Bad {
                    input x: float[4]
                    target y: label[3]
                    param v: float[3]
                    h = x + v
                    logits = dense(h, 3)
                    output p = softmax(logits)
                    loss = cross_entropy(logits, y)
                }
                """);
        Result r = dnnc("check", "--format", "json", bad.toString());
        assertEquals(1, r.exit(), r.err());
        assertEquals("", r.err());
        String file = bad.toString().replace("\\", "\\\\");
        assertEquals("{\"file\": \"" + file + "\", \"diagnostics\": [\n"
                + "  {\"severity\": \"error\", \"message\": \"cannot broadcast [4] with [3] in `+`\", "
                + "\"range\": {\"start\": {\"line\": 5, \"column\": 11}, \"end\": {\"line\": 5, \"column\": 11}}, "
                + "\"notes\": [{\"kind\": \"note\", \"message\": \"`x` is [4] per example, declared at line 2\"}, "
                + "{\"kind\": \"note\", \"message\": \"`v` is [3], declared at line 4\"}, "
                + "{\"kind\": \"help\", \"message\": \"dims are matched from the right and must be equal or 1\"}]}\n"
                + "]}\n", r.out());
    }

    @Test
    void jsonFormatOfACleanFileIsAnEmptyListAndExitZero() {
        Result r = dnnc("check", "--format", "json", "examples/xor.dnn");
        assertEquals(0, r.exit(), r.err());
        assertEquals("{\"file\": \"examples/xor.dnn\", \"diagnostics\": []}\n", r.out());
    }

    @Test
    void jsonFormatReportsAnUnreadableFileWithoutARange() {
        Result r = dnnc("check", "--format", "json", dir.resolve("nope.dnn").toString());
        assertEquals(1, r.exit());
        assertTrue(r.out().contains("\"severity\": \"error\", \"message\": \"no such file\", \"range\": null"), r.out());
    }

    @Test
    void compileWithJsonKeepsStandardOutputForTheJson() {
        Result r = dnnc("compile", "--format", "json", "examples/xor.dnn", "-o", dir.resolve("x.jar").toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals("{\"file\": \"examples/xor.dnn\", \"diagnostics\": []}\n", r.out());
        assertTrue(r.err().startsWith("wrote "), r.err());
    }

    @Test
    void unknownFormatIsUsageError() {
        Result r = dnnc("check", "--format", "xml", "examples/xor.dnn");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("--format"), r.err());
    }

    @Test
    void jsonEscapesQuotesBackslashesAndControlCharacters() {
        assertEquals("\"a\\\"b\\\\c\\nd\\u0001\u00e9\"", Diagnostics.quote("a\"b\\c\nd\u0001\u00e9"));
    }
}
