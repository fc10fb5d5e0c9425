package dnnc.compiler.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dnnc.compiler.Pipeline;
import dnnc.compiler.TestModels;
import dnnc.compiler.codegen.ModelLoader;
import dnnc.runtime.ModelKernel;
import dnnc.runtime.cli.ModelMain;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A small convolutional model with {@code augment = images(...)}, compiled and trained through the jar's command
 * line: the augmentation reaches the runtime, and a run stopped and resumed ends with the same weights.
 */
class AugmentedTrainingTest {
    @TempDir
    static Path dir;
    static ModelKernel kernel;

    @BeforeAll
    static void compile() throws IOException {
        Path data = dir.resolve("images.csv");
        Files.writeString(data, images(96, 5));
        Pipeline.Compiled c = TestModels.compile(TestModels.source("""
                model Tiny {
                    input x: float[1, 6, 6]
                    target y: label[2]
                    h = dropout(relu(conv2d(x, 4, 3, pad = 1)), 0.2)
                    logits = dense(flatten(maxpool(h, 2)), 2)
                    output p = softmax(logits)
                    loss = cross_entropy(logits, y)
                    train {
                        optimizer = adam(lr = 0.01); epochs = 4; batch = 16; seed = 3
                        augment = images(shift = 2, flip = true)
                    }
                    data { train = csv("%s", target = "y") }
                }
                """.formatted(data)));
        kernel = ModelLoader.instantiate(c.className(), c.classBytes());
    }

    /** Random 6x6 images as CSV; the label is 1 when the top half is the brighter. */
    private static String images(int count, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 36; i++) {
            s.append('p').append(i).append(',');
        }
        s.append("y\n");
        for (int n = 0; n < count; n++) {
            double top = 0;
            for (int i = 0; i < 36; i++) {
                double v = r.nextInt(256) / 255.0;
                top += i < 18 ? v : -v;
                s.append(v).append(',');
            }
            s.append(top > 0 ? 1 : 0).append('\n');
        }
        return s.toString();
    }

    private static String run(String... args) {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(sink, true, StandardCharsets.UTF_8);
        int code = ModelMain.run(kernel, args, out, out);
        assertEquals(0, code, sink.toString(StandardCharsets.UTF_8));
        return sink.toString(StandardCharsets.UTF_8);
    }

    private static byte[] weights(String name) throws IOException {
        return Files.readAllBytes(dir.resolve(name));
    }

    @Test
    void infoShowsTheAugmentationOfTheTrainBlock() {
        assertTrue(run("info").contains("augment     images(shift = 2, flip = true) on training batches"));
    }

    @Test
    void trainingAugmentsUnlessToldNotTo() throws IOException {
        String on = run("train", "--epochs", "1", "--save", dir.resolve("on.w").toString());
        assertTrue(on.contains("augment images(shift = 2, flip = true)"), on);
        String off = run("train", "--epochs", "1", "--no-augment", "--save", dir.resolve("off.w").toString());
        assertFalse(off.contains("augment"), off);
        assertFalse(Arrays.equals(weights("on.w"), weights("off.w")));
    }

    @Test
    void resumedRunEqualsUninterruptedRun() throws IOException {
        String checkpoint = dir.resolve("run.ckpt").toString();
        run("train", "--save", dir.resolve("whole.w").toString());
        run("train", "--epochs", "2", "--checkpoint", checkpoint, "--save", dir.resolve("part.w").toString());
        run("train", "--resume", checkpoint, "--epochs", "4", "--save", dir.resolve("resumed.w").toString());
        assertArrayEquals(weights("whole.w"), weights("resumed.w"));
    }
}
