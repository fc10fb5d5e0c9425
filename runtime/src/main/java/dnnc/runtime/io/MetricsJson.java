package dnnc.runtime.io;

import dnnc.runtime.Evaluation;
import dnnc.runtime.train.ConfusionMatrix;
import dnnc.runtime.train.EpochStats;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** The {@code --metrics-json} documents of {@code train} and {@code eval}, written atomically. */
public final class MetricsJson {
    private MetricsJson() {
    }

    public static String training(List<EpochStats> epochs) {
        return training(epochs, null, null);
    }

    /**
     * {@code {"epochs":[{"epoch":1,"loss":..,"train_accuracy":..,"train_mse":..,"train_mae":..,
     * "val_loss":..,"val_accuracy":..,"val_mse":..,"val_mae":..,"test_loss":..,"test_accuracy":..,"test_mse":..,
     * "test_mae":..,"lr":..,"seconds":..,"samples_per_second":..},...],"best_epoch":..,
     * "confusion_matrix":{"data":"validation","counts":[[..],..]}}}; members without a value are left out
     * ({@code best_epoch} is there with early stopping, {@code confusion_matrix} for classifiers).
     */
    public static String training(List<EpochStats> epochs, Integer bestEpoch, ConfusionMatrix confusion) {
        JsonWriter j = new JsonWriter().beginObject().name("epochs").beginArray();
        for (EpochStats e : epochs) {
            j.beginObject().name("epoch").value(e.epoch())
                    .name("loss").value(e.loss())
                    .optional("train_accuracy", e.trainAccuracy())
                    .optional("train_mse", e.train().mse())
                    .optional("train_mae", e.train().mae());
            metrics(j, "val_", e.validation());
            metrics(j, "test_", e.test());
            if (!Double.isNaN(e.lr())) {
                j.name("lr").value(e.lr());
            }
            j.name("seconds").value(e.seconds())
                    .name("samples_per_second").value(e.samplesPerSecond())
                    .endObject();
        }
        j.endArray();
        if (bestEpoch != null) {
            j.name("best_epoch").value(bestEpoch);
        }
        if (confusion != null) {
            j.name("confusion_matrix").beginObject().name("data").value(confusion.data()).name("counts").beginArray();
            for (long[] row : confusion.counts()) {
                j.beginArray();
                for (long c : row) {
                    j.value(c);
                }
                j.endArray();
            }
            j.endArray().endObject();
        }
        return j.endObject().toString() + "\n";
    }

    private static void metrics(JsonWriter j, String prefix, Evaluation e) {
        if (e != null) {
            j.name(prefix + "loss").value(e.loss())
                    .optional(prefix + "accuracy", e.accuracy())
                    .optional(prefix + "mse", e.mse())
                    .optional(prefix + "mae", e.mae());
        }
    }

    /** {@code {"loss":..,"accuracy":..,"mse":..,"mae":..,"examples":..}}; metrics only where they apply. */
    public static String evaluation(Evaluation e) {
        return new JsonWriter().beginObject()
                .name("loss").value(e.loss())
                .optional("accuracy", e.accuracy())
                .optional("mse", e.mse())
                .optional("mae", e.mae())
                .name("examples").value(e.examples())
                .endObject().toString() + "\n";
    }

    public static void write(Path path, String json) throws IOException {
        AtomicFiles.writeString(path, json);
    }
}
