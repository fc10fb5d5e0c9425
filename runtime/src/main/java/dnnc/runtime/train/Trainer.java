package dnnc.runtime.train;

import dnnc.runtime.Accuracy;
import dnnc.runtime.Evaluation;
import dnnc.runtime.Model;
import dnnc.runtime.ModelSpec;
import dnnc.runtime.RegressionError;
import dnnc.runtime.data.DataException;
import dnnc.runtime.data.Dataset;
import dnnc.runtime.kernels.KernelWarmUp;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Mini-batch training: every epoch visits the training examples in a fresh order drawn from a generator
 * seeded once, so the same seed, data and initial parameters give bit-identical results. Each epoch sets the
 * scheduled learning rate; each step augments its images (when asked) before the forward pass and clips the
 * gradients (when asked) before the optimizer's update; after each epoch the validation and test data are
 * evaluated, never augmented, and early stopping (when asked) decides whether to go on. The table, the optimizer
 * state, the augmentation's scratch buffer and the order array are allocated once; the step loop allocates nothing.
 *
 * <p>All state that changes while training (parameters, optimizer, generator, history, early stopping) can be
 * read and restored, which is what checkpoints do: a run resumed from a checkpoint continues exactly as the run
 * that wrote it.
 */
public final class Trainer {
    /** Keeps the shuffle stream apart from the initialization stream when both use the same seed. */
    private static final long SHUFFLE_SALT = 0x9E3779B97F4A7C15L;
    /** The longest wait for the SIMD warm-up before the first step (it takes about a second). */
    private static final long WARM_UP_WAIT_MILLIS = 10_000;
    /**
     * Parameters times training examples from which the first step waits for the warm-up: below it an epoch takes
     * less than the wait would (Fashion-MNIST's MLP and CNN are at 1.5e10 and 4.8e9, the iris example at 1e4).
     */
    private static final long WARM_UP_WORTH_WAITING = 100_000_000L;

    /** Hears about training as it happens; every method may be left out. */
    public interface Listener {
        default void epochStart(int epoch, int totalEpochs, int steps, double lr) {
        }

        /** After step {@code step} of {@code steps}; {@code samples} trained so far this epoch, their mean loss. */
        default void step(int step, int steps, long samples, double meanLoss) {
        }

        /** After an epoch, its evaluation and the early-stopping decision: the trainer's state is consistent. */
        default void epochEnd(EpochStats stats, int totalEpochs, Trainer trainer) {
        }
    }

    private final Model model;
    private final ModelSpec.Train settings;
    private final PrintStream progress;
    private final float[][] table;
    private final float[][] params;
    private final float[][] grads;
    private final Optimizer optimizer;
    private final LearningRateSchedule schedule;
    private final GradientClip clip;
    private final EarlyStopping earlyStopping;
    private final ImageAugmentation augmentation;
    private final Rng rng;
    private final List<EpochStats> history = new ArrayList<>();
    private boolean stopped;
    private Listener listener = new Listener() { };

    /**
     * @param settings optimizer, epochs, batch size, shuffle seed, schedule, clipping, early stopping and
     *                 augmentation (the spec's train block or a copy with command-line overrides)
     * @param progress where the per-epoch lines go, or null for none
     * @throws OptimizerException when the optimizer or schedule cannot be made from {@code settings}
     * @throws IllegalArgumentException when the augmentation does not fit the model's input
     */
    public Trainer(Model model, ModelSpec.Train settings, PrintStream progress) {
        if (settings.epochs() < 0 || settings.batch() < 1) {
            throw new IllegalArgumentException("epochs must be at least 0 and batch at least 1");
        }
        this.model = model;
        this.settings = settings;
        this.progress = progress;
        this.table = model.newTable(settings.batch());
        this.params = trainable(model, allParameters(model));
        this.grads = trainable(model, model.gradients(table));
        this.optimizer = Optimizer.create(settings.optimizer(), settings.optimizerArgs(), params, grads);
        this.schedule = new LearningRateSchedule(settings.schedule(), optimizer.baseLearningRate(),
                settings.epochs());
        this.clip = new GradientClip(settings.clipValue(), settings.clipNorm());
        this.earlyStopping = settings.earlyStopping() > 0
                ? new EarlyStopping(settings.monitor(), settings.earlyStopping()) : null;
        this.augmentation = ImageAugmentation.of(settings.augment(), model.spec().input());
        this.rng = new Rng(settings.seed() ^ SHUFFLE_SALT);
    }

    public Trainer listener(Listener l) {
        this.listener = l;
        return this;
    }

    /** {@link #fit(Dataset, Dataset, Dataset)} without validation data. */
    public List<EpochStats> fit(Dataset train, Dataset test) {
        return fit(train, null, test);
    }

    /**
     * Trains until the configured number of epochs have been run in total (counting those of a restored
     * checkpoint) or early stopping ends it, evaluating {@code validation} and {@code test} (either may be null)
     * after each epoch. With early stopping, the best epoch's parameters are restored at the end.
     *
     * @return the history of every epoch, including restored ones
     * @throws TrainingDivergedException when the loss stops being finite
     * @throws DataException when a data set does not fit the model
     */
    public List<EpochStats> fit(Dataset train, Dataset validation, Dataset test) {
        model.checkDataset(train, true);
        if (train.size() == 0) {
            throw new DataException(train.source() + ": no examples to train on");
        }
        for (Dataset d : new Dataset[] {validation, test}) {
            if (d != null) {
                model.checkDataset(d, true);
            }
        }
        if (earlyStopping != null && earlyStopping.needsValidation() && validation == null && test == null) {
            throw new DataException("early stopping monitors " + earlyStopping.monitor() + ", but there is no"
                    + " validation data: set validation_split, or give validation or test data");
        }
        if (model.spec().parameterCount() * train.size() >= WARM_UP_WORTH_WAITING) {
            KernelWarmUp.await(WARM_UP_WAIT_MILLIS);
        }
        Accuracy accuracy = Accuracy.forData(model.spec(), train);
        RegressionError error = new RegressionError(model.spec());
        int[] order = new int[train.size()];
        while (!stopped && history.size() < settings.epochs()) {
            int epoch = history.size() + 1;
            EpochStats stats = epoch(epoch, train, validation, test, accuracy, error, order);
            history.add(stats);
            if (progress != null) {
                progress.println(stats.format(settings.epochs()));
            }
            if (earlyStopping != null && earlyStopping.update(stats, allParameters(model))) {
                stopped = true;
            }
            listener.epochEnd(stats, settings.epochs(), this);
        }
        if (earlyStopping != null && earlyStopping.bestParameters() != null) {
            model.setParameters(earlyStopping.bestParameters());
        }
        return history;
    }

    private EpochStats epoch(int epoch, Dataset train, Dataset validation, Dataset test, Accuracy accuracy,
                             RegressionError error, int[] order) {
        long start = System.nanoTime();
        double lr = schedule.at(epoch - 1);
        optimizer.setLearningRate(lr);
        rng.shuffle(order);
        int batch = settings.batch();
        int steps = (order.length + batch - 1) / batch;
        listener.epochStart(epoch, settings.epochs(), steps, lr);
        error.reset();
        double lossSum = 0;
        long correct = 0;
        int step = 0;
        for (int from = 0; from < order.length; from += batch) {
            int n = Math.min(batch, order.length - from);
            step++;
            model.copyBatch(table, train, order, from, n);
            if (augmentation != null) {
                // draws from the shuffle generator, whose state checkpoints keep: a resumed run draws the same
                augmentation.apply(table[model.spec().input().slot()], n, rng);
            }
            float loss = model.forward(table, n, true);
            if (!Float.isFinite(loss)) {
                throw new TrainingDivergedException(String.format(Locale.ROOT,
                        "the loss became %s at epoch %d, step %d; try a smaller learning rate", loss, epoch, step));
            }
            // Measured before backward, which may reuse the output buffers.
            correct += accuracy.countCorrect(table, n);
            error.add(table, n);
            model.backward(table, n);
            if (clip.active()) {
                clip.clip(grads);
            }
            optimizer.step();
            lossSum += (double) loss * n;
            listener.step(step, steps, from + n, lossSum / (from + n));
        }
        double trainSeconds = (System.nanoTime() - start) / 1e9;
        Evaluation trained = new Evaluation(lossSum / order.length,
                accuracy.applies() ? (double) correct / order.length : null, order.length, error.mse(), error.mae());
        Evaluation val = validation == null ? null : model.evaluate(validation, batch);
        Evaluation tested = test == null ? null : model.evaluate(test, batch);
        double seconds = (System.nanoTime() - start) / 1e9;
        return new EpochStats(epoch, lr, trained, val, tested, seconds, order.length / Math.max(trainSeconds, 1e-9));
    }

    public Model model() {
        return model;
    }

    public ModelSpec.Train settings() {
        return settings;
    }

    public Optimizer optimizer() {
        return optimizer;
    }

    /** The early-stopping state, or null when early stopping is off. */
    public EarlyStopping earlyStopping() {
        return earlyStopping;
    }

    public Rng rng() {
        return rng;
    }

    /** Every epoch trained so far, including those of a restored checkpoint. */
    public List<EpochStats> history() {
        return history;
    }

    /** Whether early stopping has ended training. */
    public boolean stopped() {
        return stopped;
    }

    /** Continues after {@code earlier} epochs that ended as recorded (the rest of the state is set directly). */
    public void restore(List<EpochStats> earlier, boolean stoppedEarly) {
        history.clear();
        history.addAll(earlier);
        this.stopped = stoppedEarly;
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
