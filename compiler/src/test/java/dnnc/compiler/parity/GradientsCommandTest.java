package dnnc.compiler.parity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dnnc.compiler.TestModels;
import dnnc.runtime.Model;
import dnnc.runtime.cli.ModelMain;
import dnnc.runtime.io.WeightsFile;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The jar's gradients command: the loss and gradients the model computes, for the batch file given. */
class GradientsCommandTest {
    @TempDir
    Path dir;

    @Test
    void writesTheLossAndEveryGradientOfTheBatchAsJson() throws Exception {
        Model model = TestModels.load(TestModels.compile(TestModels.example("xor.dnn")));
        model.initialize(3);
        Path weights = dir.resolve("w.weights");
        WeightsFile.save(model, weights);
        Path batch = Files.writeString(dir.resolve("b.csv"), "0,1,1\n1,1,0\n");

        float[][] table = model.newTable(2);
        float[] in = table[model.spec().input().slot()];
        float[] target = table[model.spec().target().slot()];
        System.arraycopy(new float[] {0, 1, 1, 1}, 0, in, 0, 4);
        System.arraycopy(new float[] {1, 0}, 0, target, 0, 2);
        float loss = model.forward(table, 2, true);
        model.backward(table, 2);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = ModelMain.run(model.kernel(), new String[] {"gradients", "--weights", weights.toString(),
            "--batch-file", batch.toString(), "--output", dir.resolve("out").toString()}, new PrintStream(out),
                new PrintStream(out));
        assertEquals(0, exit, out.toString(StandardCharsets.UTF_8));
        String json = Files.readString(dir.resolve("out/gradients.json"));
        assertTrue(json.contains("\"loss\": " + loss + ","), json);
        assertTrue(json.contains("\"dense2.b\": {\"shape\": [2], \"values\": [" + model.gradients(table)[3][0] + ", "
                + model.gradients(table)[3][1] + "]}"), json);
        assertTrue(json.contains("\"batch\": 2"), json);
    }

    @Test
    void aBatchLineOfTheWrongWidthIsReportedWithItsLineNumber() throws Exception {
        Model model = TestModels.load(TestModels.compile(TestModels.example("xor.dnn")));
        Path weights = dir.resolve("w.weights");
        WeightsFile.save(model, weights);
        Path batch = Files.writeString(dir.resolve("b.csv"), "0,1,1\n1,1\n");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = ModelMain.run(model.kernel(), new String[] {"gradients", "--weights", weights.toString(),
            "--batch-file", batch.toString(), "--output", dir.toString()}, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err));
        assertEquals(1, exit);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("b.csv:2: 2 values, expected 3"), err.toString());
    }
}
