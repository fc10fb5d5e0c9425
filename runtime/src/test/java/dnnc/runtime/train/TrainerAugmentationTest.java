package dnnc.runtime.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dnnc.runtime.Model;
import dnnc.runtime.ModelKernel;
import dnnc.runtime.ModelSpec;
import dnnc.runtime.SoftmaxKernel;
import dnnc.runtime.SyntheticData;
import dnnc.runtime.data.Dataset;
import dnnc.runtime.io.CheckpointFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trainer augments the images of training batches, and only those. */
class TrainerAugmentationTest {
    private static final int[] IMAGE = {2, 5, 6};
    private static final Dataset TRAIN = SyntheticData.images(120, 2, 5, 6, 1);
    private static final Dataset TEST = SyntheticData.images(40, 2, 5, 6, 2);
    private static final ModelSpec.Train PLAIN = new ModelSpec.Train("adam", Map.of("lr", 0.01), 4, 16, 3);
    private static final ModelSpec.Train AUGMENTED = PLAIN.withAugment(new ModelSpec.Augment(1, true));

    @TempDir
    Path dir;

    /** The softmax kernel, counting the batch rows it is given that are (or are not) rows of {@link #TRAIN}. */
    private static final class Spy implements ModelKernel {
        final ModelKernel inner = new SoftmaxKernel(IMAGE, 2, PLAIN);
        final Set<String> known = new HashSet<>();
        int trainingRows;
        int trainingRowsAsInTheData;
        int evaluationRowsNotInTheData;

        Spy(Dataset... data) {
            for (Dataset d : data) {
                for (int i = 0; i < d.size(); i++) {
                    known.add(row(d.features(), i));
                }
            }
        }

        @Override
        public String spec() {
            return inner.spec();
        }

        @Override
        public void forward(float[][] b, int n, boolean training) {
            for (int i = 0; i < n; i++) {
                boolean asInData = known.contains(row(b[0], i));
                if (training) {
                    trainingRows++;
                    trainingRowsAsInTheData += asInData ? 1 : 0;
                } else if (!asInData) {
                    evaluationRowsNotInTheData++;
                }
            }
            inner.forward(b, n, training);
        }

        @Override
        public void backward(float[][] b, int n) {
            inner.backward(b, n);
        }

        @Override
        public void predict(float[][] b, int n) {
            inner.predict(b, n);
        }

        private static String row(float[] x, int i) {
            int d = ModelSpec.size(IMAGE);
            return Arrays.toString(Arrays.copyOfRange(x, i * d, (i + 1) * d));
        }
    }

    private static Model model(ModelKernel kernel) {
        Model m = new Model(kernel);
        m.initialize(7);
        return m;
    }

    private static Model trained(ModelSpec.Train settings) {
        Model m = model(new SoftmaxKernel(IMAGE, 2, PLAIN));
        new Trainer(m, settings, null).fit(TRAIN, TEST);
        return m;
    }

    @Test
    void trainingBatchesAreAugmented() {
        Spy spy = new Spy(TRAIN, TEST);
        new Trainer(model(spy), AUGMENTED, null).fit(TRAIN, TEST);
        assertEquals(4 * TRAIN.size(), spy.trainingRows);
        // an image is left as it is only with both offsets 0 and no mirror: 1/3 * 1/3 * 1/2 = 1/18
        assertTrue(spy.trainingRowsAsInTheData < spy.trainingRows / 8, spy.trainingRowsAsInTheData + " unchanged");
    }

    @Test
    void validationAndTestBatchesAreNotAugmented() {
        Spy spy = new Spy(TRAIN, TEST);
        new Trainer(model(spy), AUGMENTED, null).fit(TRAIN, TEST, TEST);
        assertEquals(0, spy.evaluationRowsNotInTheData);
    }

    @Test
    void withoutAugmentationTrainingBatchesAreRowsOfTheData() {
        Spy spy = new Spy(TRAIN);
        new Trainer(model(spy), PLAIN, null).fit(TRAIN, null);
        assertEquals(spy.trainingRows, spy.trainingRowsAsInTheData);
    }

    @Test
    void theTrainingDataItselfIsLeftUnchanged() {
        float[] before = TRAIN.features().clone();
        trained(AUGMENTED);
        assertArrayEquals(before, TRAIN.features());
    }

    @Test
    void augmentationChangesWhatIsLearned() {
        assertFalse(Arrays.equals(trained(PLAIN).parameter(0), trained(AUGMENTED).parameter(0)));
    }

    @Test
    void theSameSeedGivesBitIdenticalWeights() {
        assertArrayEquals(trained(AUGMENTED).parameter(0), trained(AUGMENTED).parameter(0));
    }

    @Test
    void aResumedRunDrawsTheSameAugmentationsAsAnUninterruptedOne() throws IOException {
        Model straight = trained(AUGMENTED);
        Path checkpoint = dir.resolve("run.ckpt");
        Model first = model(new SoftmaxKernel(IMAGE, 2, PLAIN));
        new Trainer(first, AUGMENTED.withEpochs(2), null).listener(new Trainer.Listener() {
            @Override
            public void epochEnd(EpochStats stats, int totalEpochs, Trainer trainer) {
                try {
                    CheckpointFile.save(trainer, checkpoint);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }).fit(TRAIN, TEST);
        Model resumed = model(new SoftmaxKernel(IMAGE, 2, PLAIN));
        ModelSpec.Train stored = CheckpointFile.settings(resumed, checkpoint).withEpochs(4);
        assertEquals(AUGMENTED, stored);
        Trainer second = new Trainer(resumed, stored, null);
        CheckpointFile.restore(second, checkpoint);
        List<EpochStats> history = second.fit(TRAIN, TEST);
        assertEquals(4, history.size());
        assertArrayEquals(straight.parameter(0), resumed.parameter(0));
        assertArrayEquals(straight.parameter(1), resumed.parameter(1));
    }

    @Test
    void theStepLoopAllocatesNothingWithAugmentation() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long self = Thread.currentThread().getId();
        long[] at = new long[2];
        ModelSpec.Train oneByOne = new ModelSpec.Train("adam", Map.of("lr", 0.01), 2, 1, 3)
                .withAugment(new ModelSpec.Augment(2, true));
        Trainer trainer = new Trainer(model(new SoftmaxKernel(IMAGE, 2, PLAIN)), oneByOne, null);
        trainer.listener(new Trainer.Listener() {
            @Override
            public void step(int step, int steps, long samples, double meanLoss) {
                if (step == 100 || step == 500) {
                    at[step == 100 ? 0 : 1] = mx.getThreadAllocatedBytes(self);
                }
            }
        });
        // the second epoch overwrites what the first measured: 400 steps of warmed-up code
        trainer.fit(SyntheticData.images(600, 2, 5, 6, 3), null);
        assertTrue(at[1] - at[0] < 1024, "allocated " + (at[1] - at[0]) + " bytes in 400 steps");
    }

    @Test
    void anInputThatIsNoImageCannotBeAugmented() {
        Model m = model(new SoftmaxKernel(2, 2, PLAIN));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Trainer(m, AUGMENTED, null));
        assertEquals("augmentation needs an image input [C, H, W]; input x is [2]", e.getMessage());
    }
}
