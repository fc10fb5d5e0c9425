package dnnc.runtime.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dnnc.runtime.Evaluation;
import dnnc.runtime.train.EpochStats;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonWriterTest {

    @Test
    void stringsAreEscaped() {
        String json = new JsonWriter().value("a\"b\\c\nd\u0001").toString();
        assertEquals("\"a\\\"b\\\\c\\nd\\u0001\"", json);
        assertEquals("a\"b\\c\nd\u0001", MiniJson.parse(json));
    }

    @Test
    void nonFiniteNumbersBecomeNull() {
        assertEquals("[null,null,1.5]", new JsonWriter().beginArray().value(Double.NaN)
                .value(Double.POSITIVE_INFINITY).value(1.5).endArray().toString());
    }

    @Test
    void trainingMetricsHaveOneObjectPerEpochWithoutAbsentFields() {
        String json = MetricsJson.training(List.of(EpochStats.of(1, 0.5, 0.75, 0.6, 0.7, 2, 100),
                EpochStats.of(2, 0.25, null, null, null, 1, 200)));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> epochs = (List<Map<String, Object>>) ((Map<?, ?>) MiniJson.parse(json)).get("epochs");
        assertEquals(Map.of("epoch", 1.0, "loss", 0.5, "train_accuracy", 0.75, "test_loss", 0.6,
                "test_accuracy", 0.7, "seconds", 2.0, "samples_per_second", 100.0), epochs.get(0));
        assertEquals(Map.of("epoch", 2.0, "loss", 0.25, "seconds", 1.0, "samples_per_second", 200.0),
                epochs.get(1));
    }

    @Test
    void evaluationMetricsHaveLossAccuracyAndExamples() {
        assertEquals(Map.of("loss", 0.5, "accuracy", 0.875, "examples", 8.0),
                MiniJson.parse(MetricsJson.evaluation(new Evaluation(0.5, 0.875, 8))));
        assertEquals(Map.of("loss", 0.5, "examples", 8.0),
                MiniJson.parse(MetricsJson.evaluation(new Evaluation(0.5, null, 8))));
    }
}
