package dnnc.bench;

import dnnc.runtime.Model;
import dnnc.runtime.ModelKernel;
import dnnc.runtime.ModelSpec;
import dnnc.runtime.data.DataLoader;
import dnnc.runtime.data.Dataset;
import dnnc.runtime.kernels.KernelWarmUp;
import dnnc.runtime.train.Optimizer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

/**
 * One build's side of {@link Compare}: loaded in a class loader of its own, with that build's runtime classes, so
 * that it links against them (and has its own worker thread). {@link Compare} calls it by reflection.
 */
public final class CompareSide {
    private final Model model;
    private final ModelKernel kernel;
    private final int batch;
    private final float[][] table;
    private final float[] input;
    private final float[][] images;
    private final float[] noise;
    private final Dataset batches;
    private final Optimizer optimizer;
    private int next;

    /** The model of {@code jar}, a table for {@code batch}, and 8 batches of the model's test images. */
    public CompareSide(String jar, int batch) throws Exception {
        KernelWarmUp.inBackground();
        kernel = Harness.loadKernel(Path.of(jar));
        model = new Model(kernel);
        model.initialize(42);
        ModelSpec spec = model.spec();
        this.batch = batch;
        table = model.newTable(batch);
        input = table[spec.input().slot()];
        int fs = spec.input().size(), ts = spec.target().size();
        Dataset test = DataLoader.load(spec.data().get(spec.data().size() - 1), fs, spec.target());
        int examples = 8 * batch;
        float[] x = Arrays.copyOf(test.features(), examples * fs);
        float[] y = Arrays.copyOf(test.targets(), examples * ts);
        batches = new Dataset("test images", examples, fs, x, ts, y);
        images = new float[Math.min(1024, test.size())][];
        for (int i = 0; i < images.length; i++) {
            images[i] = Arrays.copyOfRange(test.features(), i * fs, (i + 1) * fs);
        }
        Random rnd = new Random(1);
        noise = new float[fs];
        for (int i = 0; i < fs; i++) {
            noise[i] = rnd.nextFloat();
        }
        optimizer = Harness.optimizer(model, table);
        KernelWarmUp.await(60_000);
    }

    /** Microseconds per training step (copy a batch, forward, backward, optimizer), run for about millis. */
    public double steps(int millis) {
        long t0 = System.nanoTime(), end = t0 + millis * 1_000_000L, steps = 0;
        while (System.nanoTime() < end) {
            for (int i = 0; i < 10; i++, next++) {
                Harness.step(model, table, batches, optimizer, next, batch);
            }
            steps += 10;
        }
        return (System.nanoTime() - t0) / 1e3 / steps;
    }

    /** Microseconds per one-example prediction of test images (or of uniform noise), run for about millis. */
    public double latency(boolean realImages, int millis) {
        long t0 = System.nanoTime(), end = t0 + millis * 1_000_000L, reps = 0;
        while (System.nanoTime() < end) {
            for (int i = 0; i < 200; i++) {
                System.arraycopy(realImages ? images[next++ % images.length] : noise, 0, input, 0, input.length);
                kernel.predict(table, 1);
            }
            reps += 200;
        }
        return (System.nanoTime() - t0) / 1e3 / reps;
    }
}
