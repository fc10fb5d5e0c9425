package dnnc.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dnnc.runtime.Model;
import dnnc.runtime.ModelSpec;
import dnnc.runtime.data.DataLoader;
import dnnc.runtime.data.Dataset;
import dnnc.runtime.train.EpochStats;
import dnnc.runtime.train.Trainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Each example in examples/ compiles and learns what it is meant to, with its own settings. */
class ExamplesTest {

    private static List<EpochStats> train(String example) {
        Pipeline.Compiled compiled = TestModels.compile(TestModels.example(example));
        ModelSpec spec = compiled.spec();
        Model model = TestModels.load(compiled);
        model.initialize(spec.train().seed());
        Dataset train = load(spec, "train");
        Dataset test = spec.data("test") == null ? null : load(spec, "test");
        return new Trainer(model, spec.train(), System.out).fit(train, test);
    }

    private static Dataset load(ModelSpec spec, String role) {
        return DataLoader.load(spec.data(role), spec.input().size(), spec.target());
    }

    private static EpochStats last(List<EpochStats> epochs) {
        return epochs.get(epochs.size() - 1);
    }

    @Test
    void xorIsLearnedPerfectly() {
        assertEquals(1.0, last(train("xor.dnn")).trainAccuracy());
    }

    @Test
    void irisSoftmaxRegressionClassifiesHeldOutFlowers() {
        assertTrue(last(train("iris.dnn")).testAccuracy() >= 0.9);
    }

    @Test
    void logisticRegressionWithHandWrittenLossSeparatesVirginica() {
        assertTrue(last(train("logistic.dnn")).testAccuracy() >= 0.9);
    }

    /**
     * Minutes of training, so not in the default suite: run it with {@code mvn verify -Ddnnc.slow=true}
     * (BENCHMARKS.md records its result and time).
     */
    @Test
    void fashionCnnReachesThePublishedAccuracy() {
        Assumptions.assumeTrue(Boolean.getBoolean("dnnc.slow"), "slow: run with -Ddnnc.slow=true");
        Assumptions.assumeTrue(Files.exists(Path.of("/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz")),
                "Fashion-MNIST is not installed (apt-get install -y dataset-fashion-mnist)");
        double accuracy = last(train("fashion_cnn.dnn")).testAccuracy();
        assertTrue(accuracy >= 0.925, "test accuracy " + accuracy + " is below the published 0.925 row");
    }

    @Test
    void fashionCnnHasFewerThanOneHundredThousandParameters() {
        assertTrue(parameters(TestModels.compile(TestModels.example("fashion_cnn.dnn")).spec()) < 100_000);
    }

    @Test
    void benchmarkCnnIsThePeersNetwork() throws Exception {
        // ../shared/peers/torch_peer.py --model cnn: 80 602 parameters
        ModelSpec spec = TestModels.compile(dnnc.compiler.check.SourceFile.read(
                Path.of("bench", "models", "design_cnn.dnn"))).spec();
        assertEquals(80_602, parameters(spec));
    }

    @Test
    void benchmarkMlpIsThePeersNetworkAndSettings() throws Exception {
        // ../shared/peers/torch_peer.py --model mlp: 784-256-128-100-10, 247 766 parameters, Adam at lr 1e-3
        ModelSpec spec = TestModels.compile(dnnc.compiler.check.SourceFile.read(
                Path.of("bench", "models", "design_mlp.dnn"))).spec();
        assertEquals(247_766, parameters(spec));
        assertEquals("adam", spec.train().optimizer());
        assertEquals(Map.of("lr", 1e-3), spec.train().optimizerArgs());
    }

    private static long parameters(ModelSpec spec) {
        return spec.params().stream().filter(ModelSpec.Param::trainable).mapToLong(ModelSpec.Param::size).sum();
    }

    @Test
    void fashionMlpReachesThePublishedAccuracy() {
        Assumptions.assumeTrue(Files.exists(Path.of("/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz")),
                "Fashion-MNIST is not installed (apt-get install -y dataset-fashion-mnist)");
        List<EpochStats> epochs = train("fashion_mlp.dnn");
        assertTrue(epochs.size() <= 15);
        double accuracy = last(epochs).testAccuracy();
        assertTrue(accuracy >= 0.88, "test accuracy " + accuracy + " is below the published 0.883 row's 0.88 bar");
    }
}
