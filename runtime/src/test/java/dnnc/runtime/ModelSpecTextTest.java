package dnnc.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelSpecTextTest {

    @Test
    void trainAndDataSettingsSurviveTheTextForm() {
        Map<String, Double> args = new LinkedHashMap<>(Map.of("lr", 0.001));
        args.put("weight_decay", 0.01);
        ModelSpec.Train train = new ModelSpec.Train("adamw", args, 20, 64, 9,
                new ModelSpec.Schedule("cosine", Map.of("epochs", 18.0, "min_lr", 1e-5), 2), 1.5, 0.25, 3,
                "val_accuracy", 0.1);
        List<ModelSpec.DataSource> data = List.of(
                new ModelSpec.DataSource("train", "npy", List.of("/d/x train.npy", "/d/y.npy"), null, 0.5, true),
                new ModelSpec.DataSource("validation", "csv", List.of("/d/v.csv"), "label", 1.0),
                new ModelSpec.DataSource("test", "idx", List.of("/d/a", "/d/b"), null, 1 / 255.0));
        ModelSpec spec = LinearRegressionKernel.spec(2, "m", train, data);
        ModelSpec back = ModelSpec.parse(spec.toText());
        assertEquals(train, back.train());
        assertEquals(data, back.data());
        assertEquals(spec.toText(), back.toText());
    }

    @Test
    void defaultsSurviveTheTextForm() {
        ModelSpec.Train train = new ModelSpec.Train("sgd", Map.of("lr", 0.1), 1, 1, 0);
        ModelSpec spec = LinearRegressionKernel.spec(2, "m", train, List.of());
        assertEquals(train, ModelSpec.parse(spec.toText()).train());
    }

    @Test
    void augmentationSurvivesTheTextForm() {
        ModelSpec.Train train = new ModelSpec.Train("sgd", Map.of("lr", 0.1), 1, 1, 0)
                .withAugment(new ModelSpec.Augment(2, true));
        ModelSpec spec = LinearRegressionKernel.spec(2, "m", train, List.of());
        assertTrue(spec.toText().contains("\naugment shift 2 flip 1\n"), spec.toText());
        assertEquals(train, ModelSpec.parse(spec.toText()).train());
    }

    @Test
    void noAugmentationWritesNoLineSoOlderRuntimesStillReadTheSpec() {
        ModelSpec.Train train = new ModelSpec.Train("sgd", Map.of("lr", 0.1), 1, 1, 0);
        assertFalse(LinearRegressionKernel.spec(2, "m", train, List.of()).toText().contains("augment"));
    }

    @Test
    void aSpecWrittenBeforeAugmentationReadsAsWithout() {
        String older = LinearRegressionKernel.spec(2, "m", new ModelSpec.Train("sgd", Map.of("lr", 0.1), 1, 1, 0),
                List.of()).toText();
        assertEquals(ModelSpec.Augment.NONE, ModelSpec.parse(older).train().augment());
    }

    @Test
    void anUnknownAugmentationIsRefused() {
        String text = LinearRegressionKernel.spec(2, "m", new ModelSpec.Train("sgd", Map.of("lr", 0.1), 1, 1, 0),
                List.of()).toText() + "augment rotate 15\n";
        assertThrows(IllegalArgumentException.class, () -> ModelSpec.parse(text));
    }
}
