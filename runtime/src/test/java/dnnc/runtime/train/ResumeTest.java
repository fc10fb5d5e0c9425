package dnnc.runtime.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dnnc.runtime.Model;
import dnnc.runtime.ModelSpec;
import dnnc.runtime.SoftmaxKernel;
import dnnc.runtime.SyntheticData;
import dnnc.runtime.data.Dataset;
import dnnc.runtime.io.CheckpointFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run stopped mid-way and resumed from its checkpoint ends with the weights of a run that never stopped. */
class ResumeTest {
    private static final Dataset TRAIN = SyntheticData.separable(300, 1);
    private static final Dataset VALIDATION = SyntheticData.separable(60, 2);
    /** Adam (state m, v), a schedule, clipping and early stopping: every kind of state a checkpoint keeps. */
    private static final ModelSpec.Train SETTINGS = new ModelSpec.Train("adam", Map.of("lr", 0.05), 8, 16, 5,
            new ModelSpec.Schedule("cosine", Map.of(), 2), 1.0, 0, 50, "val_loss", 0);

    @TempDir
    Path dir;

    /** Simulates the process being killed right after the checkpoint of an epoch was written. */
    static final class Killed extends RuntimeException {
    }

    private static Model model(long initSeed) {
        Model m = new Model(new SoftmaxKernel(2, 2, SETTINGS));
        m.initialize(initSeed);
        return m;
    }

    @Test
    void killedAndResumedRunEndsBitIdenticalToAnUninterruptedOne() throws IOException {
        Model straight = model(5);
        List<EpochStats> full = new Trainer(straight, SETTINGS, null).fit(TRAIN, VALIDATION, null);

        Path checkpoint = dir.resolve("run.ckpt");
        Model killed = model(5);
        Trainer first = new Trainer(killed, SETTINGS, null).listener(new Trainer.Listener() {
            @Override
            public void epochEnd(EpochStats stats, int totalEpochs, Trainer trainer) {
                try {
                    CheckpointFile.save(trainer, checkpoint);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                if (stats.epoch() == 3) {
                    throw new Killed();
                }
            }
        });
        assertThrows(Killed.class, () -> first.fit(TRAIN, VALIDATION, null));

        Model resumed = model(999); // other initial weights: the checkpoint must replace them
        ModelSpec.Train stored = CheckpointFile.settings(resumed, checkpoint);
        assertEquals(SETTINGS, stored);
        Trainer second = new Trainer(resumed, stored, null);
        CheckpointFile.restore(second, checkpoint);
        assertEquals(3, second.history().size());
        List<EpochStats> history = second.fit(TRAIN, VALIDATION, null);

        assertEquals(full.size(), history.size());
        for (int i = 0; i < straight.spec().params().size(); i++) {
            assertArrayEquals(straight.parameter(i), resumed.parameter(i));
        }
        assertEquals(full.get(full.size() - 1).loss(), history.get(history.size() - 1).loss(), 0.0);
    }
}
