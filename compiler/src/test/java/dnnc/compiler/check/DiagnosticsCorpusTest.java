package dnnc.compiler.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import dnnc.compiler.Pipeline;
import dnnc.compiler.codegen.Bytecode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The corpus of wrong programs in {@code src/test/resources/diagnostics}: each file holds one mistake and says,
 * in {@code // expect:} comments, exactly which diagnostics the compiler must report, where, and with which
 * message and notes. Nothing else may be reported. The convention is described in that folder's README.md.
 */
class DiagnosticsCorpusTest {
    static final Path CORPUS = Path.of("compiler", "src", "test", "resources", "diagnostics");

    private static final Pattern EXPECT = Pattern.compile("//\\s*expect:\\s*(error|warning)\\s+(\\d+):(\\d+)\\s+(.*\\S)\\s*$");
    private static final Pattern NOTE = Pattern.compile("//\\s*expect-note:\\s*(.*\\S)\\s*$");

    record Expected(String severity, int line, int column, String message, List<String> notes, int at) {
        boolean matches(Diagnostic d) {
            return d.severity().label().equals(severity) && d.span().line() == line && d.span().column() == column
                    && textMatches(message, d.message())
                    && notes.stream().allMatch(n -> d.notes().stream().anyMatch(dn -> textMatches(n, dn)));
        }

        @Override
        public String toString() {
            StringBuilder s = new StringBuilder(severity + " " + line + ":" + column + " " + message);
            notes.forEach(n -> s.append("\n    note line: ").append(n));
            return s.toString();
        }
    }

    /** Equal, or, when the expectation ends with "...", a prefix. */
    static boolean textMatches(String expected, String actual) {
        return expected.endsWith("...") ? actual.startsWith(expected.substring(0, expected.length() - 3))
                : actual.equals(expected);
    }

    static Stream<Path> corpus() throws IOException {
        try (Stream<Path> files = Files.list(CORPUS)) {
            return files.filter(p -> p.toString().endsWith(".dnn")).sorted().toList().stream();
        }
    }

    static List<Expected> expectations(String text) {
        List<Expected> out = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            Matcher m = EXPECT.matcher(lines[i]);
            Matcher n = NOTE.matcher(lines[i]);
            if (m.find()) {
                out.add(new Expected(m.group(1), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
                        m.group(4), new ArrayList<>(), i + 1));
            } else if (n.find()) {
                if (out.isEmpty()) {
                    throw new AssertionError("line " + (i + 1) + ": expect-note before any expect");
                }
                out.get(out.size() - 1).notes().add(n.group(1));
            } else if (lines[i].matches("\\s*//\\s*expect.*")) {
                throw new AssertionError("line " + (i + 1) + ": malformed expectation: " + lines[i]);
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void reportsExactlyWhatTheFileExpects(Path path) throws IOException {
        SourceFile file = SourceFile.read(path);
        List<Expected> expected = expectations(file.text());
        assertFalse(expected.isEmpty(), path + " has no // expect: line");
        Diagnostics diagnostics = new Diagnostics(file);
        Pipeline.Compiled compiled = Pipeline.compile(file, diagnostics);
        String rendered = diagnostics.render();
        diagnostics.json();
        if (Boolean.getBoolean("corpus.print")) {
            System.out.println("==== " + path + "\n" + rendered);
        }
        List<Diagnostic> unmatched = new ArrayList<>(diagnostics.all());
        List<Expected> missing = new ArrayList<>();
        for (Expected e : expected) {
            Diagnostic found = unmatched.stream().filter(e::matches).findFirst().orElse(null);
            if (found == null) {
                missing.add(e);
            } else {
                unmatched.remove(found);
            }
        }
        if (!missing.isEmpty() || !unmatched.isEmpty()) {
            fail(path + ":\n" + (missing.isEmpty() ? "" : "expected but not reported:\n  " + join(missing))
                    + (unmatched.isEmpty() ? "" : "reported but not expected:\n" + render(diagnostics, unmatched))
                    + "everything reported:\n" + rendered.indent(2));
        }
        if (compiled != null) {
            assertEquals("", Bytecode.verify(compiled.classBytes()), path + " compiles but does not verify");
        }
    }

    private static String render(Diagnostics diagnostics, List<Diagnostic> list) {
        StringBuilder s = new StringBuilder();
        list.forEach(d -> s.append(diagnostics.render(d).indent(2)));
        return s.toString();
    }

    private static String join(List<Expected> list) {
        StringBuilder s = new StringBuilder();
        list.forEach(e -> s.append(e).append("\n  "));
        return s.toString().stripTrailing() + "\n";
    }
}
