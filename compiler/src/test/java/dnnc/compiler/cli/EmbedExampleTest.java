package dnnc.compiler.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code examples/embed/}: a Java program that depends on a compiled model jar. Trains the Fashion-MNIST MLP
 * for one epoch with the jar, bakes the weights into a second jar, compiles {@code Classify.java} against it
 * with the system Java compiler and runs it in its own JVM on the 10000 test images.
 */
class EmbedExampleTest {
    static final Path DATA = Path.of("/usr/share/datasets/fashion-mnist");

    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {
    }

    Run java(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        Collections.addAll(command, args);
        Process p = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile()).start();
        int exit = p.waitFor();
        return new Run(exit, Files.readString(dir.resolve("out.txt")), Files.readString(dir.resolve("err.txt")));
    }

    static int dnnc(String... args) {
        StringWriter err = new StringWriter();
        int exit = Main.run(args, new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
        assertEquals(0, exit, err.toString());
        return exit;
    }

    @Test
    void classifyCompilesAgainstTheJarAndClassifiesTheTestImages() throws Exception {
        Assumptions.assumeTrue(Files.isRegularFile(DATA.resolve("t10k-images-idx3-ubyte.gz")),
                "skipped: Fashion-MNIST is not in " + DATA + " (apt-get install -y dataset-fashion-mnist)");
        Path untrained = dir.resolve("untrained.jar");
        Path weights = dir.resolve("fashion.weights");
        Path jar = dir.resolve("fashion.jar");
        assertEquals(0, dnnc("compile", "examples/fashion_mlp.dnn", "-o", untrained.toString()));
        Run train = java("-jar", untrained.toString(), "train", "--epochs", "1", "--save", weights.toString());
        assertEquals(0, train.exit(), train.err());
        assertEquals(0, dnnc("compile", "examples/fashion_mlp.dnn", "--weights", weights.toString(), "-o",
                jar.toString()));
        System.out.printf(Locale.ROOT, "fashion.jar: %,d bytes (weights %,d bytes)%n", Files.size(jar),
                Files.size(weights));

        // javac -cp fashion.jar -d classes examples/embed/Classify.java
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        Assumptions.assumeTrue(javac != null, "skipped: this Java runtime has no compiler (javax.tools)");
        Path classes = Files.createDirectories(dir.resolve("classes"));
        ByteArrayOutputStream messages = new ByteArrayOutputStream();
        int compiled = javac.run(null, messages, messages, "-cp", jar.toString(), "-d", classes.toString(),
                Path.of("examples/embed/Classify.java").toString());
        assertEquals(0, compiled, messages.toString(StandardCharsets.UTF_8));

        // java -cp fashion.jar:classes Classify
        Run run = java("-cp", jar + File.pathSeparator + classes, "Classify", DATA.toString());
        assertEquals(0, run.exit(), run.err());
        Matcher m = Pattern.compile("accuracy (0\\.\\d+) \\((\\d+) of 10000 test images").matcher(run.out());
        assertTrue(m.find(), run.out());
        assertTrue(Double.parseDouble(m.group(1)) > 0.8, run.out());
        assertTrue(run.out().startsWith("model FashionMLP: 784 inputs, 10 classes\nimage 0: "), run.out());

        // The same accuracy as the jar's own eval, with no weights file given.
        Run eval = java("-jar", jar.toString(), "eval");
        assertEquals(0, eval.exit(), eval.err());
        assertTrue(eval.out().contains("accuracy " + m.group(1)), eval.out() + " vs " + run.out());

        // predict reads the IDX file as it is and writes one line per image.
        Run predict = java("-jar", jar.toString(), "predict", "--input",
                DATA.resolve("t10k-images-idx3-ubyte.gz").toString(), "--format", "jsonl", "--output", "p.jsonl");
        assertEquals(0, predict.exit(), predict.err());
        List<String> lines = Files.readAllLines(dir.resolve("p.jsonl"));
        assertEquals(10000, lines.size());
        assertTrue(lines.get(0).startsWith("{\"class\":"), lines.get(0));
    }
}
