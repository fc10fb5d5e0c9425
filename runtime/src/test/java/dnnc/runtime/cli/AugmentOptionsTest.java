package dnnc.runtime.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dnnc.runtime.ModelKernel;
import dnnc.runtime.ModelSpec;
import dnnc.runtime.SoftmaxKernel;
import dnnc.runtime.SyntheticData;
import dnnc.runtime.data.DataException;
import dnnc.runtime.data.Dataset;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The train block's augmentation on the jar's command line: info, train, and the options that override it. */
class AugmentOptionsTest {
    private static final Dataset IMAGES = SyntheticData.images(64, 1, 5, 6, 1);
    private static final ModelSpec.Train PLAIN = new ModelSpec.Train("sgd", Map.of("lr", 0.1), 2, 16, 7);
    private static final ModelSpec.Train AUGMENTED = PLAIN.withAugment(new ModelSpec.Augment(1, true));

    @TempDir
    Path dir;

    private final DataAccess memory = new DataAccess() {
        @Override
        public Dataset load(ModelSpec spec, ModelSpec.DataSource source) {
            if (!source.paths().get(0).equals("images.csv")) {
                throw new DataException(source.paths().get(0) + ": no such file");
            }
            return new Dataset(IMAGES.source(), IMAGES.size(), IMAGES.featureSize(), IMAGES.features().clone(), 1,
                    IMAGES.targets().clone());
        }

        @Override
        public Dataset loadFeatures(ModelSpec spec, String path) {
            throw new DataException(path + ": not used here");
        }
    };

    private record Result(int code, String out, String err) {
        void assertOneLineError(String message) {
            assertEquals(2, code, err);
            assertEquals("error: " + message + "\n", err);
        }
    }

    private static ModelKernel kernel(int[] input, ModelSpec.Train train) {
        ModelSpec base = ModelSpec.parse(new SoftmaxKernel(input, 2, train).spec());
        ModelSpec spec = new ModelSpec(base.name(), base.slots(), base.input(), base.target(), base.outputs(),
                base.lossSlot(), base.params(), base.train(),
                List.of(new ModelSpec.DataSource("train", "csv", List.of("images.csv"), "label", 1.0)));
        ModelKernel inner = new SoftmaxKernel(input, 2, train);
        return new ModelKernel() {
            @Override
            public String spec() {
                return spec.toText();
            }

            @Override
            public void forward(float[][] b, int n, boolean training) {
                inner.forward(b, n, training);
            }

            @Override
            public void backward(float[][] b, int n) {
                inner.backward(b, n);
            }

            @Override
            public void predict(float[][] b, int n) {
                inner.predict(b, n);
            }
        };
    }

    private Result run(ModelKernel kernel, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = ModelMain.run(kernel, args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), memory);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Result run(String... args) {
        return run(kernel(new int[] {1, 5, 6}, AUGMENTED), args);
    }

    private String file(String name) {
        return dir.resolve(name).toString();
    }

    @Test
    void infoShowsTheAugmentation() {
        assertTrue(run("info").out().contains("augment     images(shift = 1, flip = true) on training batches"));
    }

    @Test
    void infoSaysNothingOfAugmentationWhenThereIsNone() {
        assertFalse(run(kernel(new int[] {1, 5, 6}, PLAIN), "info").out().contains("augment"));
    }

    @Test
    void trainAnnouncesTheAugmentation() {
        Result r = run("train", "--save", file("w"));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("seed 7, augment images(shift = 1, flip = true)"), r.out());
    }

    @Test
    void noAugmentTrainsAsAModelWithoutAugmentation() throws IOException {
        Result off = run("train", "--no-augment", "--save", file("off.w"));
        assertEquals(0, off.code(), off.err());
        assertFalse(off.out().contains("augment"), off.out());
        Result plain = run(kernel(new int[] {1, 5, 6}, PLAIN), "train", "--save", file("plain.w"));
        assertEquals(0, plain.code(), plain.err());
        assertArrayEquals(Files.readAllBytes(dir.resolve("plain.w")), Files.readAllBytes(dir.resolve("off.w")));
    }

    @Test
    void augmentShiftAndFlipReplaceTheModelsSettings() {
        Result r = run("train", "--augment-shift", "2", "--augment-flip", "false", "--save", file("w"));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("augment images(shift = 2, flip = false)"), r.out());
    }

    @Test
    void augmentFlipAloneKeepsTheModelsShift() {
        Result r = run(kernel(new int[] {1, 5, 6}, PLAIN), "train", "--augment-flip", "true", "--save", file("w"));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("augment images(shift = 0, flip = true)"), r.out());
    }

    @Test
    void aNegativeShiftIsACommandLineMistake() {
        run("train", "--augment-shift", "-1").assertOneLineError("--augment-shift must be at least 0, got -1");
    }

    @Test
    void aShiftAsLargeAsTheImageIsACommandLineMistake() {
        run("train", "--augment-shift", "5").assertOneLineError(
                "--augment-shift: augmentation shift 5 must be below the image's height and width (5 and 6)");
    }

    @Test
    void flipMustBeTrueOrFalse() {
        run("train", "--augment-flip", "yes").assertOneLineError("--augment-flip expects true or false, got 'yes'");
    }

    @Test
    void noAugmentTakesNoValue() {
        run("train", "--no-augment=yes").assertOneLineError("--no-augment takes no value, got 'yes'");
    }

    @Test
    void noAugmentContradictsAnAugmentOption() {
        run("train", "--no-augment", "--augment-shift", "2")
                .assertOneLineError("--no-augment cannot be combined with --augment-shift");
    }

    @Test
    void anInputThatIsNoImageCannotBeAugmented() {
        run(kernel(new int[] {30}, PLAIN), "train", "--augment-flip", "true").assertOneLineError(
                "--augment-flip: augmentation needs an image input [C, H, W]; input x is [30]");
    }

    @Test
    void aResumedRunKeepsTheCheckpointsAugmentation() {
        Result first = run("train", "--epochs", "1", "--checkpoint", file("ck"), "--save", file("w"));
        assertEquals(0, first.code(), first.err());
        run("train", "--resume", file("ck"), "--no-augment").assertOneLineError("--no-augment cannot be combined"
                + " with --resume: a resumed run keeps the settings of its checkpoint (only --epochs may change)");
    }

    @Test
    void helpDocumentsTheOptions() {
        String help = run("train", "--help").out();
        for (String o : List.of("--no-augment", "--augment-shift N", "--augment-flip B")) {
            assertTrue(help.contains(o), o);
        }
    }
}
