package dnnc.runtime.io;

import dnnc.runtime.Evaluation;
import dnnc.runtime.train.EpochStats;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** The {@code --metrics-json} documents of {@code train} and {@code eval}, written atomically. */
public final class MetricsJson {
    private MetricsJson() {
    }

    /**
     * {@code {"epochs":[{"epoch":1,"loss":..,"train_accuracy":..,"test_loss":..,"test_accuracy":..,
     * "seconds":..,"samples_per_second":..},...]}}; members without a value are left out.
     */
    public static String training(List<EpochStats> epochs) {
        JsonWriter j = new JsonWriter().beginObject().name("epochs").beginArray();
        for (EpochStats e : epochs) {
            j.beginObject()
                    .name("epoch").value(e.epoch())
                    .name("loss").value(e.loss())
                    .optional("train_accuracy", e.trainAccuracy())
                    .optional("test_loss", e.testLoss())
                    .optional("test_accuracy", e.testAccuracy())
                    .name("seconds").value(e.seconds())
                    .name("samples_per_second").value(e.samplesPerSecond())
                    .endObject();
        }
        return j.endArray().endObject().toString() + "\n";
    }

    /** {@code {"loss":..,"accuracy":..,"examples":..}}; accuracy only where it applies. */
    public static String evaluation(Evaluation e) {
        return new JsonWriter().beginObject()
                .name("loss").value(e.loss())
                .optional("accuracy", e.accuracy())
                .name("examples").value(e.examples())
                .endObject().toString() + "\n";
    }

    public static void write(Path path, String json) throws IOException {
        AtomicFiles.writeString(path, json);
    }
}
