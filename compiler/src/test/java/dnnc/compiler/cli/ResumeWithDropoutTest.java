package dnnc.compiler.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dnnc.compiler.Pipeline;
import dnnc.compiler.TestModels;
import dnnc.compiler.codegen.ModelLoader;
import dnnc.runtime.ModelKernel;
import dnnc.runtime.cli.ModelMain;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run with dropout and batch normalization, stopped and resumed, ends with the same weights bit for bit. */
class ResumeWithDropoutTest {
    @TempDir
    Path dir;

    private int train(ModelKernel kernel, String... args) {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(sink);
        int code = ModelMain.run(kernel, args, out, out);
        assertEquals(0, code, sink.toString());
        return code;
    }

    @Test
    void resumedRunEqualsUninterruptedRun() throws Exception {
        Pipeline.Compiled c = TestModels.compile(TestModels.source("""
                model Iris {
                    input x: float[4]
                    target species: label[3]
                    h = dropout(relu(batchnorm(dense(x, 16))), 0.3)
                    logits = dense(h, 3)
                    output p = softmax(logits)
                    loss = cross_entropy(logits, species)
                    train { optimizer = adam(lr = 0.01); epochs = 6; batch = 16; seed = 5 }
                    data { train = csv("data/iris_train.csv", target = "species") }
                }
                """));
        ModelKernel kernel = ModelLoader.instantiate(c.className(), c.classBytes());
        String whole = dir.resolve("whole.weights").toString();
        String part = dir.resolve("part.weights").toString();
        String checkpoint = dir.resolve("run.ckpt").toString();
        train(kernel, "train", "--save", whole);
        train(kernel, "train", "--epochs", "3", "--checkpoint", checkpoint, "--save", part);
        train(kernel, "train", "--resume", checkpoint, "--epochs", "6", "--save", part);
        assertArrayEquals(Files.readAllBytes(Path.of(whole)), Files.readAllBytes(Path.of(part)));
    }
}
