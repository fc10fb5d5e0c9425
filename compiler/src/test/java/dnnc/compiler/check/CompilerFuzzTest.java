package dnnc.compiler.check;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dnnc.compiler.Pipeline;
import dnnc.compiler.codegen.Bytecode;
import dnnc.grammar.DnnLexer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.Token;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Mutants of every example program through the whole compiler (parse, check, gradients, passes, bytecode):
 * whatever the text, the compiler never throws, every error it reports has a position, and whatever compiles
 * cleanly passes the bytecode verifier. Seeded, so a failure reproduces; the failing mutant is printed.
 */
class CompilerFuzzTest {
    /** Mutants per example; four examples, so 8000 compilations in all (-Dfuzz.mutants=N for more, -Dfuzz.stats=true to see what the mutants hit). */
    private static final int MUTANTS = Integer.getInteger("fuzz.mutants", 2000);

    /** Tokens a mutation may put in: words the checker knows, numbers at the edges, punctuation. */
    private static final String[] VOCABULARY = {
        "x", "y", "W", "b", "h", "h1", "logits", "params", "relu", "dense", "softmax", "log_softmax", "sum", "mean",
        "cross_entropy", "mse", "l2", "one_hot", "normal", "uniform", "constant", "sigmoid", "exp", "log", "tanh",
        "glorot", "he", "zeros", "true", "false", "axis", "keepdims", "units", "init", "bias", "lr", "momentum",
        "nesterov", "adam", "sgd", "csv", "idx", "scale", "target", "input", "output", "param", "loss", "train",
        "data", "model", "fn", "return", "float", "label", "0", "1", "2", "-1", "0.5", "1e-3", "1e9", "1e999",
        "268435457", "3", "10", "784", "\"\"", "\"f.csv\"", "(", ")", "{", "}", "[", "]", ",", ";", ":", "=", "+",
        "-", "*", "/", "@", "\n", "/*", "*/", "//", "\"", "\\", "#", "\u00e9", "\u0000"};

    private static final java.util.Map<String, Integer> STATS = new java.util.TreeMap<>();

    static Stream<Path> examples() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("examples"))) {
            return files.filter(p -> p.toString().endsWith(".dnn")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void mutantsNeverCrashTheCompilerAndErrorsAlwaysHaveAPosition(Path example) throws IOException {
        String original = Files.readString(example);
        Random random = new Random(example.getFileName().toString().hashCode());
        for (int i = 0; i < MUTANTS; i++) {
            String mutant = mutate(original, random, 1 + random.nextInt(3));
            compile(example, mutant, i);
        }
        if (Boolean.getBoolean("fuzz.stats")) {
            System.out.println(example + ": " + STATS);
        }
    }

    private static void compile(Path example, String text, int iteration) {
        SourceFile file = new SourceFile(example.toString(), text);
        Diagnostics diagnostics = new Diagnostics(file);
        try {
            Pipeline.Compiled compiled = Pipeline.compile(file, diagnostics);
            STATS.merge(compiled != null ? "clean" : diagnostics.all().stream().filter(d -> d.severity() == Diagnostic.Severity.ERROR)
                    .map(d -> d.message().split(" ")[0] + " " + d.message().split(" ")[1]).findFirst().orElse("?"), 1, Integer::sum);
            diagnostics.render();
            diagnostics.json();
            for (Diagnostic d : diagnostics.all()) {
                if (d.severity() == Diagnostic.Severity.ERROR && d.span().line() <= 0) {
                    fail(report(example, iteration, text, "an error without a position: " + d.message()));
                }
            }
            if (compiled == null) {
                assertTrue(diagnostics.hasErrors(), report(example, iteration, text, "no result and no error"));
            } else {
                assertTrue(!diagnostics.hasErrors(), report(example, iteration, text, "a result despite errors"));
                String problems = Bytecode.verify(compiled.classBytes());
                assertTrue(problems.isEmpty(), report(example, iteration, text, "bytecode does not verify:\n" + problems));
            }
        } catch (RuntimeException | StackOverflowError e) {
            throw new AssertionError(report(example, iteration, text, "the compiler threw " + e), e);
        }
    }

    private static String report(Path example, int iteration, String text, String what) {
        return "mutant " + iteration + " of " + example + ": " + what + "\n----\n" + text + "\n----";
    }

    static String mutate(String text, Random random, int edits) {
        for (int e = 0; e < edits; e++) {
            text = switch (random.nextInt(9)) {
                case 0 -> onTokens(text, random, Mutation.DELETE);
                case 1 -> onTokens(text, random, Mutation.DUPLICATE);
                case 2 -> onTokens(text, random, Mutation.SWAP);
                case 3, 4 -> onTokens(text, random, Mutation.REPLACE);
                case 5 -> onLines(text, random, Mutation.DELETE);
                case 6 -> onLines(text, random, Mutation.DUPLICATE);
                case 7 -> onLines(text, random, Mutation.SWAP);
                default -> randomBytes(text, random);
            };
        }
        return text;
    }

    private enum Mutation { DELETE, DUPLICATE, SWAP, REPLACE }

    /** Edits on whole tokens (as the lexer sees them, comments excluded). */
    private static String onTokens(String text, Random random, Mutation m) {
        List<? extends Token> tokens = new DnnLexer(CharStreams.fromString(text)).getAllTokens();
        if (tokens.isEmpty()) {
            return text + VOCABULARY[random.nextInt(VOCABULARY.length)];
        }
        Token a = tokens.get(random.nextInt(tokens.size()));
        Token b = tokens.get(random.nextInt(tokens.size()));
        String at = text.substring(a.getStartIndex(), a.getStopIndex() + 1);
        return switch (m) {
            case DELETE -> splice(text, a, "");
            case DUPLICATE -> splice(text, a, at + " " + at);
            case REPLACE -> splice(text, a, VOCABULARY[random.nextInt(VOCABULARY.length)]);
            case SWAP -> {
                Token first = a.getStartIndex() <= b.getStartIndex() ? a : b;
                Token second = first == a ? b : a;
                if (first == second || first.getStopIndex() >= second.getStartIndex()) {
                    yield text;
                }
                String one = text.substring(first.getStartIndex(), first.getStopIndex() + 1);
                String two = text.substring(second.getStartIndex(), second.getStopIndex() + 1);
                yield text.substring(0, first.getStartIndex()) + two
                        + text.substring(first.getStopIndex() + 1, second.getStartIndex()) + one
                        + text.substring(second.getStopIndex() + 1);
            }
        };
    }

    private static String splice(String text, Token t, String replacement) {
        return text.substring(0, t.getStartIndex()) + replacement + text.substring(t.getStopIndex() + 1);
    }

    private static String onLines(String text, Random random, Mutation m) {
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        int i = random.nextInt(lines.size());
        int j = random.nextInt(lines.size());
        switch (m) {
            case DELETE -> lines.remove(i);
            case DUPLICATE -> lines.add(i, lines.get(i));
            default -> {
                String t = lines.get(i);
                lines.set(i, lines.get(j));
                lines.set(j, t);
            }
        }
        return String.join("\n", lines);
    }

    private static String randomBytes(String text, Random random) {
        int at = random.nextInt(text.length() + 1);
        StringBuilder junk = new StringBuilder();
        for (int n = 1 + random.nextInt(4); n > 0; n--) {
            junk.append((char) (random.nextBoolean() ? 32 + random.nextInt(95) : random.nextInt(0x3000)));
        }
        return text.substring(0, at) + junk + text.substring(at);
    }
}
