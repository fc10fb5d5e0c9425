package dnnc.runtime.train;

import dnnc.runtime.Accuracy;
import dnnc.runtime.Evaluation;
import dnnc.runtime.Model;
import dnnc.runtime.ModelSpec;
import dnnc.runtime.data.DataException;
import dnnc.runtime.data.Dataset;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Mini-batch training: every epoch visits the training examples in a fresh order drawn from a generator
 * seeded once, so the same seed, data and initial parameters give bit-identical results. The table, the
 * optimizer state and the order array are allocated once; the step loop allocates nothing.
 */
public final class Trainer {
    /** Keeps the shuffle stream apart from the initialization stream when both use the same seed. */
    private static final long SHUFFLE_SALT = 0x9E3779B97F4A7C15L;

    private final Model model;
    private final ModelSpec.Train settings;
    private final PrintStream progress;
    private final float[][] table;
    private final Optimizer optimizer;

    /**
     * @param settings optimizer, epochs, batch size and shuffle seed (the spec's train block or a copy with
     *                 command-line overrides)
     * @param progress where the per-epoch lines go, or null for none
     * @throws OptimizerException when the optimizer cannot be made from {@code settings}
     */
    public Trainer(Model model, ModelSpec.Train settings, PrintStream progress) {
        if (settings.epochs() < 0 || settings.batch() < 1) {
            throw new IllegalArgumentException("epochs must be at least 0 and batch at least 1");
        }
        this.model = model;
        this.settings = settings;
        this.progress = progress;
        this.table = model.newTable(settings.batch());
        this.optimizer = Optimizer.create(settings.optimizer(), settings.optimizerArgs(),
                trainable(model, allParameters(model)), trainable(model, model.gradients(table)));
    }

    /**
     * Trains for the configured number of epochs, evaluating on {@code test} (may be null) after each.
     *
     * @throws TrainingDivergedException when the loss stops being finite
     * @throws DataException when a data set does not fit the model
     */
    public List<EpochStats> fit(Dataset train, Dataset test) {
        model.checkDataset(train, true);
        if (train.size() == 0) {
            throw new DataException(train.source() + ": no examples to train on");
        }
        if (test != null) {
            model.checkDataset(test, true);
        }
        Accuracy accuracy = Accuracy.forData(model.spec(), train);
        SplittableRandom random = new SplittableRandom(settings.seed() ^ SHUFFLE_SALT);
        int[] order = new int[train.size()];
        List<EpochStats> history = new ArrayList<>();
        for (int epoch = 1; epoch <= settings.epochs(); epoch++) {
            EpochStats stats = epoch(epoch, train, test, accuracy, order, random);
            history.add(stats);
            if (progress != null) {
                progress.println(stats.format(settings.epochs()));
            }
        }
        return history;
    }

    private EpochStats epoch(int epoch, Dataset train, Dataset test, Accuracy accuracy, int[] order,
                             SplittableRandom random) {
        long start = System.nanoTime();
        shuffle(order, random);
        int batch = settings.batch();
        double lossSum = 0;
        long correct = 0;
        int step = 0;
        for (int from = 0; from < order.length; from += batch) {
            int n = Math.min(batch, order.length - from);
            step++;
            model.copyBatch(table, train, order, from, n);
            float loss = model.forward(table, n, true);
            if (!Float.isFinite(loss)) {
                throw new TrainingDivergedException(String.format(Locale.ROOT,
                        "the loss became %s at epoch %d, step %d; try a smaller learning rate", loss, epoch, step));
            }
            // Counted before backward, which may reuse the output buffers.
            correct += accuracy.countCorrect(table, n);
            model.backward(table, n);
            optimizer.step();
            lossSum += (double) loss * n;
        }
        double trainSeconds = (System.nanoTime() - start) / 1e9;
        Evaluation eval = test == null ? null : model.evaluate(test, batch);
        double seconds = (System.nanoTime() - start) / 1e9;
        return new EpochStats(epoch, lossSum / order.length,
                accuracy.applies() ? (double) correct / order.length : null,
                eval == null ? null : eval.loss(), eval == null ? null : eval.accuracy(),
                seconds, order.length / Math.max(trainSeconds, 1e-9));
    }

    /** Fisher-Yates over the identity, so an epoch's order depends only on the generator's state. */
    private static void shuffle(int[] order, SplittableRandom random) {
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        for (int i = order.length - 1; i > 0; i--) {
            int j = bounded(random, i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }

    /** A number in [0, bound) from the top 32 bits of nextLong (multiply-shift; bias below 2^-32 * bound). */
    private static int bounded(SplittableRandom random, int bound) {
        return (int) (((random.nextLong() >>> 32) * bound) >>> 32);
    }

    /** The arrays of the parameters an optimizer updates (running statistics are updated by the model). */
    private static float[][] trainable(Model model, float[][] all) {
        java.util.List<float[]> kept = new java.util.ArrayList<>();
        for (int i = 0; i < all.length; i++) {
            if (model.spec().params().get(i).trainable()) {
                kept.add(all[i]);
            }
        }
        return kept.toArray(float[][]::new);
    }

    private static float[][] allParameters(Model model) {
        float[][] p = new float[model.spec().params().size()][];
        for (int i = 0; i < p.length; i++) {
            p[i] = model.parameter(i);
        }
        return p;
    }
}
