package dnnc.compiler.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dnnc.compiler.codegen.JarWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
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
 * {@code dnnc compile --weights}: trained weights baked into the jar, which then predicts with nothing else,
 * and whose model class loads them from Java; weights for another model are refused at compile time.
 */
class BakedWeightsTest {
    @TempDir
    static Path dir;
    static Path plain;
    static Path baked;
    static Path weights;

    record Result(int exit, String out, String err) {
    }

    static Result dnnc(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(exit, out.toString(), err.toString());
    }

    static Result java(Path jar, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString()));
        Collections.addAll(command, args);
        Process p = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile()).start();
        int exit = p.waitFor();
        return new Result(exit, Files.readString(dir.resolve("out.txt")), Files.readString(dir.resolve("err.txt")));
    }

    @BeforeAll
    static void trainAndBake() throws Exception {
        plain = dir.resolve("iris.jar");
        baked = dir.resolve("iris-baked.jar");
        weights = dir.resolve("iris.weights");
        Result c = dnnc("compile", "examples/iris.dnn", "-o", plain.toString());
        assertEquals(0, c.exit(), c.err());
        Result train = java(plain, "train", "--epochs", "30", "--save", weights.toString());
        assertEquals(0, train.exit(), train.err());
        Result b = dnnc("compile", "examples/iris.dnn", "--weights", weights.toString(), "-o", baked.toString());
        assertEquals(0, b.exit(), b.err());
        assertTrue(b.out().contains("weights baked in"), b.out());
    }

    @Test
    void theJarCarriesTheWeightsAndTheDnncVersion() throws Exception {
        try (JarFile j = new JarFile(baked.toFile())) {
            assertArrayEquals(Files.readAllBytes(weights),
                    j.getInputStream(j.getEntry("dnnc/generated/Iris.weights")).readAllBytes());
            assertEquals(JarWriter.version(), j.getManifest().getMainAttributes().getValue("Implementation-Version"));
            assertTrue(j.stream().anyMatch(e -> e.getName().equals("dnnc/runtime/Predictor.class")));
        }
        Result info = java(baked, "info");
        assertEquals(0, info.exit(), info.err());
        assertTrue(info.out().startsWith("model       Iris\ndnnc        " + JarWriter.version() + "\nweights     baked"),
                info.out());
        assertTrue(info.out().contains("\ninput       x [4]\n") && info.out().contains("\noutput      probs [3]\n"),
                info.out());
        assertTrue(java(plain, "info").out().contains("\nweights     none in the jar"));
    }

    @Test
    void nothingInTheJarUsesJavaSerialization() throws Exception {
        try (JarFile j = new JarFile(baked.toFile())) {
            for (var e : java.util.Collections.list(j.entries())) {
                if (e.getName().endsWith(".class")) {
                    String text = new String(j.getInputStream(e).readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
                    assertTrue(!text.contains("java/io/ObjectInputStream") && !text.contains("java/io/ObjectOutputStream"),
                            e.getName() + " uses Java serialization");
                }
            }
        }
    }

    @Test
    void predictAndEvalNeedNothingElse() throws Exception {
        String rows = Path.of("examples/data/iris_test.csv").toAbsolutePath().toString();
        Result withFile = java(plain, "predict", "--weights", weights.toString(), "--input", rows);
        Result bakedIn = java(baked, "predict", "--input", rows);
        assertEquals(0, bakedIn.exit(), bakedIn.err());
        assertEquals(withFile.out(), bakedIn.out());
        assertEquals(30, bakedIn.out().lines().count());
        Result jsonl = java(baked, "predict", "--input", rows, "--format", "jsonl");
        assertTrue(jsonl.out().lines().allMatch(l -> l.matches("\\{\"class\":[0-2],\"probs\":\\[[^,]+,[^,]+,[^,]+]}")),
                jsonl.out());
        Result eval = java(baked, "eval");
        assertEquals(0, eval.exit(), eval.err());
        assertTrue(eval.out().contains("accuracy 0.9"), eval.out());
        Result noWeights = java(plain, "predict", "--input", rows);
        assertEquals(2, noWeights.exit());
        assertTrue(noWeights.err().contains("this jar has no weights baked in"), noWeights.err());
    }

    @Test
    void predictReadsNpyAsWellAsCsv() throws Exception {
        List<String> lines = Files.readAllLines(Path.of("examples/data/iris_test.csv"));
        float[] values = new float[3 * 4];
        StringBuilder csv = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            String[] cells = lines.get(1 + i).split(",");
            for (int j = 0; j < 4; j++) {
                values[i * 4 + j] = Float.parseFloat(cells[j]);
            }
            csv.append(String.join(",", java.util.Arrays.copyOf(cells, 4))).append('\n');
        }
        Files.writeString(dir.resolve("rows.csv"), csv);
        String header = "{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }";
        header += " ".repeat(128 - 10 - header.length() - 1) + "\n";   // data starts at 128
        java.nio.ByteBuffer npy = java.nio.ByteBuffer.allocate(128 + values.length * 4)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        npy.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) header.length())
                .put(header.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        for (float v : values) {
            npy.putFloat(v);
        }
        Files.write(dir.resolve("rows.data"), npy.array());   // told by its content, not its name
        Result fromCsv = java(baked, "predict", "--input", "rows.csv");
        Result fromNpy = java(baked, "predict", "--input", "rows.data");
        assertEquals(0, fromNpy.exit(), fromNpy.err());
        assertEquals(3, fromNpy.out().lines().count(), fromNpy.out());
        assertEquals(fromCsv.out(), fromNpy.out());
    }

    @Test
    void theJarGetsTheUsualPermissionsOfANewFile() throws Exception {
        Path probe = Files.createFile(dir.resolve("umask-probe"));   // what the umask gives, e.g. rw-r--r--
        assertEquals(Files.getPosixFilePermissions(probe), Files.getPosixFilePermissions(baked));
    }

    @Test
    void theModelClassLoadsItsWeightsFromJava() throws Exception {
        String csv = java(plain, "predict", "--weights", weights.toString(), "--input",
                Path.of("examples/data/iris_test.csv").toAbsolutePath().toString()).out();
        List<String> header = Files.readAllLines(Path.of("examples/data/iris_test.csv"));
        float[] x = new float[4];
        String[] cells = header.get(1).split(",");
        for (int j = 0; j < 4; j++) {
            x[j] = Float.parseFloat(cells[j]);
        }
        String[] expected = csv.lines().findFirst().orElseThrow().split(",");
        // No parent loader: the jar alone must hold every class the API needs.
        try (URLClassLoader loader = new URLClassLoader(new URL[] {baked.toUri().toURL()}, null)) {
            Class<?> model = loader.loadClass("dnnc.generated.Iris");
            for (Object predictor : List.of(model.getMethod("load").invoke(null),
                    model.getMethod("load", Path.class).invoke(null, weights))) {
                Method predict = predictor.getClass().getMethod("predict", float[].class);
                float[] out = (float[]) predict.invoke(predictor, (Object) x);
                for (int k = 0; k < 3; k++) {   // the jar's SIMD kernels may differ from the plain ones in the last bits
                    assertEquals(Float.parseFloat(expected[k]), out[k], 1e-5f);
                }
                int k = (int) predictor.getClass().getMethod("classify", float[].class).invoke(predictor, (Object) x);
                assertTrue(out[k] >= out[0] && out[k] >= out[1] && out[k] >= out[2]);
                // The output already is softmax(logits): probabilities gives it as it is.
                assertArrayEquals(out, (float[]) predictor.getClass().getMethod("probabilities", float[].class)
                        .invoke(predictor, (Object) x));
            }
        }
    }

    @Test
    void weightsForAnotherModelAreACompileErrorAndNoJar() {
        Path jar = dir.resolve("xor.jar");
        Result r = dnnc("compile", "examples/xor.dnn", "--weights", weights.toString(), "-o", jar.toString());
        assertEquals(1, r.exit());
        assertEquals("error: weights file " + weights + " holds weights for model 'Iris', not for 'Xor'\n", r.err());
        assertTrue(Files.notExists(jar));
    }

    @Test
    void damagedOrMissingWeightsAreACompileError() throws Exception {
        byte[] bytes = Files.readAllBytes(weights);
        Path truncated = dir.resolve("truncated.weights");
        Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length - 9));
        Path jar = dir.resolve("bad.jar");
        Result r = dnnc("compile", "examples/iris.dnn", "--weights", truncated.toString(), "-o", jar.toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().startsWith("error: weights file " + truncated + " is truncated"), r.err());
        Result missing = dnnc("compile", "examples/iris.dnn", "--weights", "no/such.weights", "-o", jar.toString());
        assertEquals(1, missing.exit());
        assertEquals("error: weights file no/such.weights does not exist\n", missing.err());
        assertTrue(Files.notExists(jar));
    }
}
