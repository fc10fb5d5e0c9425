package dnnc.runtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dnnc.runtime.LinearRegressionKernel;
import dnnc.runtime.ModelKernel;
import dnnc.runtime.ModelSpec;
import dnnc.runtime.SyntheticData;
import dnnc.runtime.data.DataException;
import dnnc.runtime.data.Dataset;
import dnnc.runtime.io.MiniJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole commands through {@link ModelMain#run}, with data served from memory instead of files. */
class ModelMainTest {
    @TempDir
    Path dir;

    private final Map<String, Dataset> files = new HashMap<>();
    private final List<ModelSpec.DataSource> requested = new ArrayList<>();
    private final DataAccess memory = new DataAccess() {
        @Override
        public Dataset load(ModelSpec spec, ModelSpec.DataSource source) {
            requested.add(source);
            return lookup(source.paths().get(0));
        }

        @Override
        public Dataset loadFeatures(ModelSpec spec, String path) {
            Dataset d = lookup(path);
            return new Dataset(d.source(), d.size(), d.featureSize(), d.features(), 0, new float[0]);
        }

        private Dataset lookup(String path) {
            Dataset d = files.get(path);
            if (d == null) {
                throw new DataException(path + ": no such file");
            }
            return d;
        }
    };

    private final ModelKernel kernel = new LinearRegressionKernel(2, "linreg",
            new ModelSpec.Train("sgd", Map.of("lr", 0.1), 20, 16, 7),
            List.of(new ModelSpec.DataSource("train", "csv", List.of("train.csv"), "t", 1.0)));

    record Result(int code, String out, String err) {
        void assertOneLineError(int expectedCode, String expectedMessage) {
            assertEquals(expectedCode, code, err);
            assertEquals("error: " + expectedMessage + "\n", err);
        }
    }

    private Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = ModelMain.run(kernel, args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), memory);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private String file(String name) {
        return dir.resolve(name).toString();
    }

    {
        files.put("train.csv", SyntheticData.linear(400, new float[] {2, -3}, 0.5f, 0.1, 1));
        files.put("test.csv", SyntheticData.linear(100, new float[] {2, -3}, 0.5f, 0.1, 2));
    }

    @Test
    void trainSavesWeightsThatEvalReadsBack() {
        Result train = run("train", "--save", file("w.bin"), "--test", "test.csv");
        assertEquals(0, train.code(), train.err());
        assertTrue(train.out().contains("saved weights to " + file("w.bin")), train.out());
        Result eval = run("eval", "--weights", file("w.bin"), "--test", "test.csv");
        assertEquals(0, eval.code(), eval.err());
        assertTrue(eval.out().matches("loss 0\\.00\\d\\d  mse 0\\.00\\d\\d  mae 0\\.0\\d\\d\\d  \\(100 examples\\)\n"), eval.out());
    }

    @Test
    void trainWritesMetricsJsonWithOneEntryPerEpochAndFallingLoss() throws IOException {
        Result r = run("train", "--epochs", "5", "--save", file("w"), "--metrics-json", file("m.json"),
                "--test", "test.csv");
        assertEquals(0, r.code(), r.err());
        List<?> epochs = (List<?>) ((Map<?, ?>) MiniJson.parse(Files.readString(dir.resolve("m.json"))))
                .get("epochs");
        assertEquals(5, epochs.size());
        Map<?, ?> first = (Map<?, ?>) epochs.get(0);
        Map<?, ?> last = (Map<?, ?>) epochs.get(4);
        assertEquals(5.0, last.get("epoch"));
        assertTrue((Double) last.get("loss") < (Double) first.get("loss"));
        assertTrue(last.keySet().containsAll(List.of("seconds", "samples_per_second", "test_loss")));
    }

    @Test
    void sameSeedGivesIdenticalWeightFiles() throws IOException {
        assertEquals(0, run("train", "--epochs", "3", "--seed", "5", "--save", file("a")).code());
        assertEquals(0, run("train", "--epochs", "3", "--seed", "5", "--save", file("b")).code());
        assertEquals(-1, Files.mismatch(dir.resolve("a"), dir.resolve("b")));
    }

    @Test
    void trainOverrideKeepsTheSourceFormatAndTargetColumn() {
        files.put("other.csv", files.get("train.csv"));
        assertEquals(0, run("train", "--epochs", "1", "--train", "other.csv", "--save", file("w")).code());
        assertEquals(new ModelSpec.DataSource("train", "csv", List.of("other.csv"), "t", 1.0), requested.get(0));
    }

    @Test
    void twoPathsForACsvSourceIsAUsageError() {
        run("train", "--train", "a,b").assertOneLineError(2,
                "--train: the model reads csv data, which takes one path; got 2");
    }

    @Test
    void unknownCommandSuggestsTheClosestOne() {
        run("trian").assertOneLineError(2,
                "unknown command 'trian'; did you mean train? (expected train, eval, predict, info or --help)");
    }

    @Test
    void unknownOptionSuggestsTheClosestOne() {
        run("train", "--epoch", "3").assertOneLineError(2,
                "unknown option --epoch for train; did you mean --epochs? (see 'train --help')");
    }

    @Test
    void malformedNumberNamesTheOptionAndTheValue() {
        run("train", "--epochs", "x").assertOneLineError(2, "--epochs expects a whole number, got 'x'");
        run("train", "--lr", "-1").assertOneLineError(2, "--lr must be a positive number, got -1");
    }

    @Test
    void missingValueIsReported() {
        run("train", "--epochs").assertOneLineError(2, "--epochs expects a whole number, got nothing");
    }

    @Test
    void evalWithoutTestDataAsksForOne() {
        run("eval", "--weights", file("w")).assertOneLineError(2,
                "the model has no test data; give one with --test");
    }

    @Test
    void evalNeedsWeights() {
        run("eval", "--test", "test.csv").assertOneLineError(2, "eval needs --weights FILE (see 'eval --help')");
    }

    @Test
    void missingWeightsFileIsABadInput() {
        Path missing = dir.resolve("missing.weights");
        run("eval", "--weights", missing.toString(), "--test", "test.csv").assertOneLineError(1,
                "weights file " + missing + " does not exist");
    }

    @Test
    void dataProblemsAreOneLineErrorsWithExitCodeOne() {
        run("train", "--train", "nope.csv").assertOneLineError(1, "nope.csv: no such file");
    }

    @Test
    void divergingTrainingIsABadInputNamingEpochAndStep() {
        Result r = run("train", "--lr", "1e6", "--save", file("w"));
        assertEquals(1, r.code());
        assertTrue(r.err().matches("error: the loss became \\w+ at epoch 1, step \\d+; .*\n"), r.err());
        assertTrue(Files.notExists(dir.resolve("w")), "no weights are saved from a diverged run");
    }

    @Test
    void saveIntoAMissingDirectoryFailsBeforeTraining() {
        Result r = run("train", "--save", dir.resolve("no/such/w").toString());
        assertEquals(2, r.code());
        assertEquals("", r.out());
    }

    @Test
    void predictWritesOneCsvLinePerRow() {
        assertEquals(0, run("train", "--save", file("w")).code());
        files.put("rows.csv", new Dataset("rows.csv", 2, 2, new float[] {0, 0, 1, 1}, 0, new float[0]));
        Result r = run("predict", "--weights", file("w"), "--input", "rows.csv");
        assertEquals(0, r.code(), r.err());
        String[] lines = r.out().split("\n");
        assertEquals(2, lines.length);
        assertEquals(0.5, Double.parseDouble(lines[0]), 0.05);
        assertEquals(-0.5, Double.parseDouble(lines[1]), 0.05);
    }

    @Test
    void infoListsParametersAndTheirTotal() {
        Result r = run("info");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("model       linreg"), r.out());
        assertTrue(r.out().matches("(?s).*\n  W +\\[2, 1\\] +2\n.*\n  total +3\n.*"), r.out());
        assertTrue(r.out().contains("optimizer   sgd  lr=0.1"), r.out());
        assertTrue(r.out().contains("data        train csv train.csv  target column t"), r.out());
    }

    @Test
    void helpDocumentsEveryCommandAndOption() {
        String general = run("--help").out();
        for (String c : List.of("train", "eval", "predict", "info", "--version")) {
            assertTrue(general.contains(c), c);
        }
        String train = run("train", "--help").out();
        for (String o : List.of("--epochs", "--batch", "--lr", "--seed", "--save", "--metrics-json", "--train",
                "--test", "--init-weights", "linreg.weights")) {
            assertTrue(train.contains(o), o);
        }
        assertEquals(train, run("help", "train").out());
    }

    @Test
    void versionNamesTheModel() {
        assertTrue(run("--version").out().startsWith("linreg (dnnc runtime "));
    }

    @Test
    void initWeightsStartsFromSavedWeights() {
        assertEquals(0, run("train", "--save", file("w")).code());
        Result r = run("train", "--epochs", "1", "--init-weights", file("w"), "--save", file("w2"));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("epoch 1/1  loss 0.00"), r.out());
    }
}
