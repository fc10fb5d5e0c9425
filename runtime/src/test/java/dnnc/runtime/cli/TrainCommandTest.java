package dnnc.runtime.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The train command's checkpoints, validation, standardization, metrics and report, with data from memory. */
class TrainCommandTest {
    @TempDir
    Path dir;

    private final Map<String, Dataset> files = new HashMap<>();
    private final DataAccess memory = new DataAccess() {
        @Override
        public Dataset load(ModelSpec spec, ModelSpec.DataSource source) {
            return copy(source.paths().get(0), true);
        }

        @Override
        public Dataset loadFeatures(ModelSpec spec, String path) {
            return copy(path, false);
        }

        private Dataset copy(String path, boolean targets) {
            Dataset d = files.get(path);
            if (d == null) {
                throw new DataException(path + ": no such file");
            }
            return new Dataset(d.source(), d.size(), d.featureSize(), d.features().clone(), targets ? d.targetSize() : 0,
                    targets ? d.targets().clone() : new float[0]);
        }
    };

    private ModelKernel kernel = kernel(false);

    {
        files.put("train.csv", SyntheticData.linear(300, new float[] {20, -3}, 50f, 0.1, 1));
        files.put("test.csv", SyntheticData.linear(60, new float[] {20, -3}, 50f, 0.1, 2));
    }

    private static ModelKernel kernel(boolean standardize) {
        return new LinearRegressionKernel(2, "linreg", new ModelSpec.Train("sgd", Map.of("lr", 0.01, "momentum", 0.9),
                6, 16, 7), List.of(new ModelSpec.DataSource("train", "csv", List.of("train.csv"), "t", 1.0, standardize),
                new ModelSpec.DataSource("test", "csv", List.of("test.csv"), "t", 1.0)));
    }

    private record Result(int code, String out, String err) {
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

    @Test
    void resumingACheckpointToTheFullEpochCountGivesTheSameWeightsAsOneRun() throws IOException {
        Result whole = run("train", "--epochs", "6", "--save", file("whole.w"));
        assertEquals(0, whole.code(), whole.err());
        Result part = run("train", "--epochs", "3", "--checkpoint", file("ck"), "--save", file("part.w"));
        assertEquals(0, part.code(), part.err());
        Result rest = run("train", "--resume", file("ck"), "--epochs", "6", "--save", file("resumed.w"));
        assertEquals(0, rest.code(), rest.err());
        assertTrue(rest.out().contains("resuming at epoch 4"), rest.out());
        assertTrue(rest.out().contains("epoch 4/6") && !rest.out().contains("epoch 3/6"), rest.out());
        assertArrayEquals(Files.readAllBytes(dir.resolve("whole.w")), Files.readAllBytes(dir.resolve("resumed.w")));
    }

    @Test
    void resumeKeepsTheCheckpointsSettings() {
        run("train", "--epochs", "1", "--checkpoint", file("ck"), "--save", file("w"));
        Result r = run("train", "--resume", file("ck"), "--lr", "0.5");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--lr cannot be combined with --resume"), r.err());
    }

    @Test
    void damagedCheckpointIsRefusedInOneLine() throws IOException {
        Files.write(dir.resolve("ck"), new byte[] {'D', 'N', 'N', 'C', 0, 0, 0, 1, 1, 2, 3, 4, 5, 6, 7, 8});
        Result r = run("train", "--resume", file("ck"));
        assertEquals(1, r.code());
        assertTrue(r.err().startsWith("error: checkpoint ") && r.err().contains("checksum"), r.err());
    }

    @Test
    void validationSplitIsEvaluatedEveryEpochAndInTheMetrics() throws IOException {
        Result r = run("train", "--validation-split", "0.2", "--save", file("w"), "--metrics-json", file("m.json"));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("on 240 examples (validating on 60)"), r.out());
        Map<?, ?> json = (Map<?, ?>) MiniJson.parse(Files.readString(dir.resolve("m.json")));
        Map<?, ?> first = (Map<?, ?>) ((List<?>) json.get("epochs")).get(0);
        for (String key : List.of("val_loss", "val_mse", "val_mae", "train_mse", "train_mae", "test_loss", "lr")) {
            assertTrue(first.containsKey(key), key + " in " + first);
        }
    }

    @Test
    void standardizationMeasuredInTrainingIsUsedByPredict() throws IOException {
        kernel = kernel(true);
        files.put("rows.csv", files.get("test.csv"));
        Result train = run("train", "--epochs", "20", "--save", file("w"));
        assertEquals(0, train.code(), train.err());
        Result eval = run("eval", "--weights", file("w"));
        assertTrue(eval.out().matches("loss 0\\.0\\d+ .*\n"), eval.out()); // fits only if test data is standardized too
        Result predict = run("predict", "--weights", file("w"), "--input", "rows.csv");
        Dataset rows = files.get("test.csv");
        float first = Float.parseFloat(predict.out().lines().findFirst().orElseThrow());
        assertEquals(rows.targets()[0], first, 0.5);
    }

    @Test
    void reportIsWrittenWithPlots() throws IOException {
        Result r = run("train", "--save", file("w"), "--report", file("r.html"));
        assertEquals(0, r.code(), r.err());
        String html = Files.readString(dir.resolve("r.html"));
        assertEquals(3, html.split("<svg").length - 1, html); // loss, mean absolute error, learning rate
    }

    @Test
    void badMonitorIsAUsageErrorWithASuggestion() {
        Result r = run("train", "--early-stopping", "2", "--monitor", "val_los");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("did you mean val_loss?"), r.err());
    }
}
