package dnnc.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dnnc.runtime.data.Dataset;
import dnnc.runtime.data.Standardization;
import dnnc.runtime.io.WeightsFile;
import dnnc.runtime.io.WeightsFileException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PredictorTest {
    @TempDir
    Path dir;

    private static Model softmax(long seed) {
        Model m = new Model(new SoftmaxKernel(5, 3));
        m.initialize(seed);
        return m;
    }

    private static float[][] examples(int n, int d, long seed) {
        Random r = new Random(seed);
        float[][] x = new float[n][d];
        for (float[] row : x) {
            for (int j = 0; j < d; j++) {
                row[j] = (float) r.nextGaussian() * 3;
            }
        }
        return x;
    }

    /** What the model computes for {@code rows}, through the same path as the jar's predict command. */
    private static float[][] expected(Model m, float[][] rows, double scale) {
        int d = rows[0].length;
        float[] flat = new float[rows.length * d];
        for (int i = 0; i < rows.length; i++) {
            for (int j = 0; j < d; j++) {
                flat[i * d + j] = scale == 1.0 ? rows[i][j] : (float) (rows[i][j] * scale);
            }
        }
        float[] out = m.predict(m.standardize(new Dataset("t", rows.length, d, flat, 0, new float[0])), 7);
        int w = m.outputWidth();
        float[][] result = new float[rows.length][w];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(out, i * w, result[i], 0, w);
        }
        return result;
    }

    @Test
    void predictsWhatTheModelComputesOneByOneAndInBatches() {
        Model m = softmax(1);
        Predictor p = Predictor.of(m);
        float[][] x = examples(150, 5, 2);
        float[][] want = expected(m, x, 1.0);
        assertEquals(5, p.inputSize());
        assertEquals(3, p.outputSize());
        for (int i = 0; i < x.length; i++) {
            assertArrayEquals(want[i], p.predict(x[i]));
            float[] into = new float[3];
            p.predictInto(x[i], into);
            assertArrayEquals(want[i], into);
        }
        float[][] batch = p.predict(x);
        for (int i = 0; i < x.length; i++) {
            assertArrayEquals(want[i], batch[i]);
        }
    }

    @Test
    void classifiesAndGivesTheSoftmaxOfLogits() {
        Model m = softmax(3);
        Predictor p = Predictor.of(m);
        assertTrue(p.isClassifier());
        assertEquals(3, p.classes());
        float[][] x = examples(50, 5, 4);
        int[] classes = p.classify(x);
        for (int i = 0; i < x.length; i++) {
            float[] logits = p.predict(x[i]);
            float[] probs = p.probabilities(x[i]);
            int best = 0;
            double sum = 0;
            for (int k = 0; k < 3; k++) {
                best = logits[k] > logits[best] ? k : best;
                sum += probs[k];
                assertEquals(Math.exp(logits[k] - logits[0]), probs[k] / probs[0], 1e-3 * probs[k] / probs[0]);
            }
            assertEquals(1.0, sum, 1e-5);
            assertEquals(best, p.classify(x[i]));
            assertEquals(best, classes[i]);
        }
    }

    @Test
    void appliesTheDataScaleAndTheSavedStandardization() throws IOException {
        ModelSpec.DataSource train = new ModelSpec.DataSource("train", "csv", List.of("train.csv"), "t", 0.5, true);
        Model m = new Model(new LinearRegressionKernel(3, "linreg",
                new ModelSpec.Train("sgd", Map.of("lr", 0.1), 1, 1, 1), List.of(train)));
        m.initialize(5);
        m.setStandardization(new Standardization(new float[] {1, -2, 0.5f}, new float[] {2, 0.25f, 1}));
        Path file = dir.resolve("w");
        WeightsFile.save(m, file);
        Predictor p = Predictor.load(m.kernel(), file);
        float[][] x = examples(20, 3, 6);
        float[][] want = expected(m, x, 0.5);
        for (int i = 0; i < x.length; i++) {
            assertArrayEquals(want[i], p.predict(x[i]));
        }
        assertThrows(IllegalStateException.class, () -> p.classify(x[0]));   // a regression model
    }

    @Test
    void loadsFromAFileAStreamAndAClassPathResource() throws Exception {
        Model m = softmax(7);
        Path file = dir.resolve("dnnc/generated/Softmax.weights");
        Files.createDirectories(file.getParent());
        WeightsFile.save(m, file);
        float[] x = examples(1, 5, 8)[0];
        float[] want = Predictor.of(m).predict(x);
        assertArrayEquals(want, Predictor.load(m.kernel(), file).predict(x));
        try (InputStream in = Files.newInputStream(file)) {
            assertArrayEquals(want, Predictor.load(m.kernel(), in).predict(x));
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, null)) {
            Predictor fromResource = Predictor.loadResource(m.kernel(), loader, "dnnc/generated/Softmax.weights");
            assertArrayEquals(want, fromResource.predict(x));
            WeightsFileException e = assertThrows(WeightsFileException.class,
                    () -> Predictor.loadResource(m.kernel(), loader, "no/such.weights"));
            assertTrue(e.getMessage().contains("no weights resource no/such.weights"), e.getMessage());
        }
    }

    @Test
    void withoutBakedWeightsLoadSaysSo() {
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> Predictor.load(new SoftmaxKernel(5, 3)));
        assertInstanceOf(WeightsFileException.class, e.getCause());
        assertTrue(e.getMessage().contains("dnnc compile --weights"), e.getMessage());
        assertTrue(!Predictor.hasBakedWeights(new SoftmaxKernel(5, 3)));
    }

    @Test
    void aWrongSizedExampleIsRefusedNamingBothSizes() {
        Predictor p = Predictor.of(softmax(1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.predict(new float[4]));
        assertEquals("the example has 4 numbers; model softmax takes 5 (x)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> p.predict(new float[][] {new float[5], new float[6]}));
        assertTrue(e.getMessage().startsWith("example 1 has 6 numbers"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> p.predictInto(new float[5], new float[2]));
    }

    @Test
    void laterChangesToTheSourceModelDoNotReachThePredictor() {
        Model m = softmax(1);
        Predictor p = Predictor.of(m);
        float[] x = examples(1, 5, 2)[0];
        float[] before = p.predict(x);
        m.initialize(99);
        assertArrayEquals(before, p.predict(x));
    }

    @Test
    void manyThreadsAtOnceGetTheSameAnswersAsOne() throws Exception {
        Model m = softmax(11);
        Predictor p = Predictor.of(m);
        float[][] x = examples(500, 5, 12);
        float[][] want = expected(m, x, 1.0);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int seed = t;
                results.add(pool.submit(() -> {
                    Random r = new Random(seed);
                    int checked = 0;
                    for (int k = 0; k < 4000; k++) {
                        int i = r.nextInt(x.length);
                        float[] got = k % 3 == 0 ? p.predict(new float[][] {x[i], x[(i + 1) % x.length]})[0]
                                : p.predict(x[i]);
                        assertArrayEquals(want[i], got);
                        checked++;
                    }
                    return checked;
                }));
            }
            for (Future<Integer> f : results) {
                assertEquals(4000, f.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
