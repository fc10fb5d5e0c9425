package dnnc.bench;

import dnnc.runtime.Model;
import dnnc.runtime.ModelKernel;
import dnnc.runtime.ModelSpec;
import dnnc.runtime.data.Dataset;
import dnnc.runtime.kernels.Gemm;
import dnnc.runtime.kernels.KernelWarmUp;
import dnnc.runtime.train.Optimizer;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;

/**
 * Measurements that bench/run.sh needs and a model jar's command line does not give. Every line printed is
 * {@code key=value}, like the PyTorch peer's. Run on the SIMD path with {@code --add-modules
 * jdk.incubator.vector}, on the scalar path without.
 *
 * <pre>
 * Harness latency MODEL.jar [seconds]     predict one example in a loop: latency_us
 * Harness steps MODEL.jar BATCH [steps]   training steps (the model's optimizer) on random data: heap bytes
 *                                         allocated per step after warm-up (the least of 5 windows, and
 *                                         each window's), and samples/s
 * Harness gemm N THREADS [seconds]        sgemm N^3: gemm_gflops
 * Harness roundtrip                       two threads passing a counter back and forth: roundtrip_ns
 * </pre>
 *
 * <p>{@code roundtrip} tells which of two states the machine is in. The host moves this VM's two cores between
 * places: when they share an L3 cache a round trip takes about 70 ns; when they sit on different dies of the
 * EPYC, about 350 ns, and every hand-off of work or data between the threads costs five times as much (a
 * one-example CNN prediction then takes as long on two threads as on one, 37-41 µs instead of 24).
 */
public final class Harness {
    private Harness() {
    }

    public static void main(String[] args) throws Exception {
        Locale.setDefault(Locale.ROOT);
        System.out.println("gemm_path=" + Gemm.implementation().replace(' ', '_'));
        // As a model jar does (Launcher.start): compile the SIMD kernels in the background from the start. Without
        // it the rarely used kernels (a 1-row product's, a single long sum's) stay interpreted, allocating, for
        // hundreds of steps, which a jar never sees.
        KernelWarmUp.inBackground();
        KernelWarmUp.await(60_000);
        switch (args[0]) {
            case "latency" -> latency(Path.of(args[1]), args.length > 2 ? Double.parseDouble(args[2]) : 3);
            case "steps" -> steps(Path.of(args[1]), Integer.parseInt(args[2]),
                    args.length > 3 ? Integer.parseInt(args[3]) : 1000);
            case "gemm" -> gemm(Integer.parseInt(args[1]), Integer.parseInt(args[2]),
                    args.length > 3 ? Double.parseDouble(args[3]) : 3);
            case "roundtrip" -> roundTrip();
            default -> throw new IllegalArgumentException("unknown command " + args[0]);
        }
    }

    /** The generated kernel of a model jar; the runtime classes come from this class path (parent first). */
    static ModelKernel loadKernel(Path jar) throws Exception {
        URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, Harness.class.getClassLoader());
        String className;
        try (InputStream in = loader.getResourceAsStream("META-INF/dnnc/model")) {
            className = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine().trim();
        }
        return Class.forName(className, true, loader).asSubclass(ModelKernel.class)
                .getDeclaredConstructor().newInstance();
    }

    private static void latency(Path jar, double seconds) throws Exception {
        Model model = new Model(loadKernel(jar));
        model.initialize(42);
        ModelKernel kernel = model.kernel();
        float[][] table = model.newTable(1);
        float[] input = table[model.spec().input().slot()];
        Random rnd = new Random(1);
        for (int i = 0; i < input.length; i++) {
            input[i] = rnd.nextFloat();
        }
        long warmEnd = System.nanoTime() + (long) 2e9;
        while (System.nanoTime() < warmEnd) {
            for (int i = 0; i < 1000; i++) {
                kernel.predict(table, 1);
            }
        }
        double best = Double.MAX_VALUE;
        long reps = 0;
        long t0 = System.nanoTime(), end = t0 + (long) (seconds * 1e9);
        while (System.nanoTime() < end) {
            long r0 = System.nanoTime();
            for (int i = 0; i < 1000; i++) {
                kernel.predict(table, 1);
            }
            best = Math.min(best, (System.nanoTime() - r0) / 1e3 / 1000);
            reps += 1000;
        }
        double mean = (System.nanoTime() - t0) / 1e3 / reps;
        System.out.printf("model=%s%nlatency_us=%.2f%nlatency_best_us=%.2f%n", model.name(), mean, best);
    }

    private static void steps(Path jar, int batch, int steps) throws Exception {
        Model model = new Model(loadKernel(jar));
        model.initialize(42);
        ModelSpec spec = model.spec();
        int fs = spec.input().size(), classes = spec.target().isLabel() ? spec.target().classes() : 0;
        int ts = spec.target().size(), examples = batch * 8;
        Random rnd = new Random(3);
        float[] x = new float[examples * fs], y = new float[examples * ts];
        for (int i = 0; i < x.length; i++) {
            x[i] = rnd.nextFloat();
        }
        for (int i = 0; i < y.length; i++) {
            y[i] = classes > 0 ? rnd.nextInt(classes) : rnd.nextFloat();
        }
        Dataset data = new Dataset("random", examples, fs, x, ts, y);
        float[][] table = model.newTable(batch);
        Optimizer opt = optimizer(model, table);
        for (int s = 0; s < 2 * steps; s++) {
            step(model, table, data, opt, s, batch);
        }
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long[] threads = mx.getAllThreadIds(); // the Gemm worker is running by now
        // Allocation in windows of the timed steps: what every step allocates shows in every window, so the least
        // window is it; a one-off (the JIT replacing compiled code: about 700 bytes once) shows in one, kernels the
        // JIT has not compiled yet in the first few (BENCHMARKS.md, 2026-12-02 afternoon).
        double[] windows = new double[ALLOCATION_WINDOWS];
        int perWindow = Math.max(1, steps / windows.length), s = 0;
        long t0 = System.nanoTime();
        for (int w = 0; w < windows.length; w++) {
            long before = allocated(mx, threads);
            for (int i = 0; i < perWindow; i++, s++) {
                step(model, table, data, opt, s, batch);
            }
            windows[w] = (double) (allocated(mx, threads) - before) / perWindow;
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        StringBuilder each = new StringBuilder();
        for (double w : windows) {
            each.append(each.length() == 0 ? "" : ",").append(String.format("%.1f", w));
        }
        System.out.printf("batch=%d%nsteps=%d%nbytes_per_step=%.1f%nbytes_per_step_windows=%s%n"
                + "step_samples_per_s=%.0f%n", batch, s, java.util.Arrays.stream(windows).min().getAsDouble(), each,
                (double) s * batch / seconds);
    }

    /** Windows of the timed steps in which {@code steps} counts allocation; bytes_per_step is the least. */
    private static final int ALLOCATION_WINDOWS = 5;

    /** The model's own optimizer over its parameters and the gradients of {@code table}. */
    static Optimizer optimizer(Model model, float[][] table) {
        float[][] params = new float[model.spec().params().size()][];
        for (int i = 0; i < params.length; i++) {
            params[i] = model.parameter(i);
        }
        ModelSpec.Train t = model.spec().train();
        return Optimizer.create(t.optimizer(), t.optimizerArgs(), params, model.gradients(table));
    }

    /** One training step on batch s mod 8 of data: copy it into the table, forward, backward, the update. */
    static void step(Model model, float[][] table, Dataset data, Optimizer opt, int s, int batch) {
        int from = (s % 8) * batch;
        model.copyBatch(table, data, null, from, batch);
        model.forward(table, batch, true);
        model.backward(table, batch);
        opt.step();
    }

    /** Bytes allocated so far by these threads (this one and the Gemm worker); allocates nothing itself. */
    private static long allocated(com.sun.management.ThreadMXBean mx, long[] threads) {
        long sum = 0;
        for (long id : threads) {
            sum += Math.max(0, mx.getThreadAllocatedBytes(id));
        }
        return sum;
    }

    /** The median of five runs of 200 000 round trips of a counter between this thread and another. */
    private static void roundTrip() throws InterruptedException {
        double[] runs = new double[5];
        for (int r = 0; r < runs.length; r++) {
            int trips = 200_000;
            java.util.concurrent.atomic.AtomicLong counter = new java.util.concurrent.atomic.AtomicLong();
            Thread other = new Thread(() -> passOn(counter, 1, trips));
            other.start();
            long t0 = System.nanoTime();
            passOn(counter, 0, trips);
            other.join();
            runs[r] = (System.nanoTime() - t0) / (double) trips;
        }
        java.util.Arrays.sort(runs);
        System.out.printf("roundtrip_ns=%.0f%n", runs[runs.length / 2]);
    }

    /** Waits for the counter to reach first, first + 2, ... and moves it one on each time, {@code trips} times. */
    private static void passOn(java.util.concurrent.atomic.AtomicLong counter, long first, int trips) {
        for (long i = first; i < first + 2L * trips; i += 2) {
            while (counter.get() != i) {
                Thread.onSpinWait();
            }
            counter.set(i + 1);
        }
    }

    private static void gemm(int n, int threads, double seconds) {
        Gemm.setThreads(threads);
        Random rnd = new Random(1);
        float[] a = new float[n * n], b = new float[n * n], c = new float[n * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = rnd.nextFloat() - 0.5f;
            b[i] = rnd.nextFloat() - 0.5f;
        }
        double flops = 2.0 * n * n * n;
        long warmEnd = System.nanoTime() + (long) 2e9;
        while (System.nanoTime() < warmEnd) {
            Gemm.gemm(false, false, n, n, n, a, b, c, false);
        }
        long reps = 0, t0 = System.nanoTime(), end = t0 + (long) (seconds * 1e9);
        while (System.nanoTime() < end) {
            Gemm.gemm(false, false, n, n, n, a, b, c, false);
            reps++;
        }
        double dt = (System.nanoTime() - t0) / 1e9 / reps;
        System.out.printf("gemm_n=%d%ngemm_threads=%d%ngemm_gflops=%.1f%n", n, threads, flops / dt / 1e9);
    }
}
