package dnnc.compiler.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dnnc compile} makes a jar that runs on its own: {@code java -jar} in a separate JVM, with nothing
 * on the class path but the jar.
 */
class ModelJarTest {
    @TempDir
    static Path dir;
    static Path jar;

    record Run(int exit, String out, String err) {
    }

    @BeforeAll
    static void compileIris() {
        jar = dir.resolve("iris.jar");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(new String[] {"compile", "examples/iris.dnn", "-o", jar.toString()},
                new PrintWriter(out, true), new PrintWriter(err, true));
        assertEquals(0, exit, err.toString());
    }

    static Run java(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString()));
        Collections.addAll(command, args);
        Process p = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile()).start();
        int exit = p.waitFor();
        return new Run(exit, Files.readString(dir.resolve("out.txt")), Files.readString(dir.resolve("err.txt")));
    }

    static void assertNoStackTrace(Run run) {
        assertFalse(run.err().contains("\tat ") || run.err().contains("Exception"), run.err());
    }

    @Test
    void jarHoldsTheModelAndRuntimeButNoCompiler() throws IOException {
        try (JarFile j = new JarFile(jar.toFile())) {
            List<String> names = j.stream().map(e -> e.getName()).toList();
            assertTrue(names.contains("dnnc/generated/Iris.class"));
            assertTrue(names.contains("dnnc/runtime/cli/ModelMain.class"));
            assertTrue(names.stream().noneMatch(n -> n.startsWith("org/") || n.startsWith("picocli/")
                    || n.startsWith("dnnc/compiler/") || n.startsWith("dnnc/grammar/")), names.toString());
        }
    }

    @Test
    void trainsEvaluatesAndPredictsFromTheJarAlone() throws Exception {
        Run train = java("train", "--epochs", "20", "--save", "iris.weights", "--metrics-json", "metrics.json");
        assertEquals(0, train.exit(), train.err());
        assertTrue(train.out().contains("epoch 20/20"), train.out());
        String metrics = Files.readString(dir.resolve("metrics.json"));
        assertTrue(metrics.startsWith("{\"epochs\":[{\"epoch\":1,\"loss\":"), metrics);
        assertTrue(metrics.contains("\"test_accuracy\":") && metrics.contains("\"samples_per_second\":"), metrics);

        Run eval = java("eval", "--weights", "iris.weights");
        assertEquals(0, eval.exit(), eval.err());
        assertTrue(eval.out().contains("accuracy"), eval.out());

        Run predict = java("predict", "--weights", "iris.weights", "--input",
                Path.of("examples/data/iris_test.csv").toAbsolutePath().toString());
        assertEquals(0, predict.exit(), predict.err());
        List<String> rows = predict.out().lines().toList();
        assertEquals(30, rows.size());
        assertEquals(3, rows.get(0).split(",").length);
    }

    @Test
    void helpDocumentsEveryCommand() throws Exception {
        Run help = java("--help");
        assertEquals(0, help.exit());
        for (String command : List.of("train", "eval", "predict", "info", "--epochs", "--batch", "--lr", "--seed",
                "--save", "--metrics-json", "--weights", "--input", "--train", "--test")) {
            assertTrue(help.out().contains(command), "help does not mention " + command);
        }
    }

    @Test
    void unknownFlagIsAUsageError() throws Exception {
        Run run = java("train", "--epoch", "3");
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("--epoch"), run.err());
        assertNoStackTrace(run);
    }

    @Test
    void missingDataFileIsNamedInOneLine() throws Exception {
        Run run = java("train", "--train", "no/such/file.csv");
        assertEquals(1, run.exit());
        assertTrue(run.err().contains("no/such/file.csv"), run.err());
        assertEquals(1, run.err().strip().lines().count(), run.err());
        assertNoStackTrace(run);
    }

    @Test
    void csvRowWithTheWrongNumberOfColumnsNamesTheLine() throws Exception {
        Files.writeString(dir.resolve("bad.csv"), "sepal_length,sepal_width,petal_length,petal_width,species\n"
                + "5.1,3.5,1.4,0.2,setosa\n5.0,3.6,1.4,setosa\n", StandardCharsets.UTF_8);
        Run run = java("train", "--train", "bad.csv");
        assertEquals(1, run.exit());
        assertTrue(run.err().contains("bad.csv") && run.err().contains("3"), run.err());
        assertNoStackTrace(run);
    }

    @Test
    void nonNumberInCsvIsReported() throws Exception {
        Files.writeString(dir.resolve("nan.csv"), "sepal_length,sepal_width,petal_length,petal_width,species\n"
                + "5.1,abc,1.4,0.2,setosa\n", StandardCharsets.UTF_8);
        Run run = java("train", "--train", "nan.csv");
        assertEquals(1, run.exit());
        assertTrue(run.err().contains("nan.csv") && run.err().contains("abc"), run.err());
        assertNoStackTrace(run);
    }

    @Test
    void corruptWeightsFileIsRejected() throws Exception {
        Files.write(dir.resolve("junk.weights"), new byte[] {1, 2, 3, 4, 5});
        Run run = java("eval", "--weights", "junk.weights");
        assertEquals(1, run.exit());
        assertTrue(run.err().contains("junk.weights"), run.err());
        assertNoStackTrace(run);
    }
}
