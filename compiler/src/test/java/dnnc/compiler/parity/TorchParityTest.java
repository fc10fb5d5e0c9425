package dnnc.compiler.parity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dnnc.compiler.Pipeline;
import dnnc.compiler.TestModels;
import dnnc.runtime.Model;
import dnnc.runtime.ModelSpec;
import dnnc.runtime.cli.ModelMain;
import dnnc.runtime.io.WeightsFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Parity with PyTorch: for each example model (the op tours cover every op of the language), the same
 * weights and the same batch must give the same loss and gradients within 1e-4 relative. The jar's
 * {@code gradients} command writes them; bench/parity/parity.py computes them again in PyTorch, from the
 * model written out independently, and compares. Skipped, saying so, when /usr/bin/python3 has no torch.
 */
class TorchParityTest {
    private static final String PYTHON = "/usr/bin/python3";
    private static final int BATCH = 8;

    @TempDir
    Path dir;

    @BeforeAll
    static void needsTorch() {
        Assumptions.assumeTrue(hasTorch(), "torch not installed (/usr/bin/python3 -c 'import torch' failed): "
                + "parity skipped; install with apt-get install -y python3-torch");
    }

    @ParameterizedTest
    @ValueSource(strings = {"xor.dnn", "iris.dnn", "logistic.dnn", "fashion_mlp.dnn", "ops/activations.dnn",
        "ops/losses.dnn"})
    void lossAndGradientsMatchPyTorch(String example) throws Exception {
        Pipeline.Compiled compiled = TestModels.compile(TestModels.example(example));
        Model model = TestModels.load(compiled);
        model.initialize(17);
        Path weights = dir.resolve("model.weights");
        WeightsFile.save(model, weights);
        Path batch = dir.resolve("batch.csv");
        Files.writeString(batch, randomBatch(compiled.spec(), new Random(example.hashCode())));

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = ModelMain.run(model.kernel(), new String[] {"gradients", "--weights", weights.toString(),
            "--batch-file", batch.toString(), "--output", dir.toString()}, new PrintStream(out), new PrintStream(out));
        assertEquals(0, exit, out.toString(StandardCharsets.UTF_8));

        Process python = new ProcessBuilder(PYTHON, "bench/parity/parity.py", "--weights", weights.toString(),
                "--batch-file", batch.toString(), "--gradients", dir.resolve("gradients.json").toString())
                .redirectErrorStream(true).start();
        String report = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        python.waitFor(120, TimeUnit.SECONDS);
        System.out.print(report);
        assertEquals(0, python.exitValue(), example + ":\n" + report);
    }

    /** Inputs standard normal; float targets uniform in [0, 1); labels uniform over the classes. */
    private static String randomBatch(ModelSpec spec, Random random) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < BATCH; i++) {
            for (int k = 0; k < spec.input().size(); k++) {
                s.append(String.format(Locale.ROOT, "%.6f,", random.nextGaussian()));
            }
            for (int k = 0; k < spec.target().size(); k++) {
                s.append(spec.target().isLabel() ? Integer.toString(random.nextInt(spec.target().classes()))
                        : String.format(Locale.ROOT, "%.6f", random.nextDouble())).append(',');
            }
            s.setLength(s.length() - 1);
            s.append('\n');
        }
        return s.toString();
    }

    private static boolean hasTorch() {
        try {
            Process p = new ProcessBuilder(PYTHON, "-c", "import torch").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
