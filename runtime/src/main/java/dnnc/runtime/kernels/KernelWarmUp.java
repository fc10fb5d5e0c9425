package dnnc.runtime.kernels;

import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Compiles the SIMD kernels before a model needs them: products of every kind {@link Gemm} computes, then the
 * sum kernels, and the pooling, dot-product and array kernels of a model that pools or convolves, run on throwaway
 * arrays on a background thread while the model loads its data. A kernel the JIT has not compiled runs the Vector
 * API interpreted, tens of times slower and allocating; and compiled code that meets a branch its warm-up never
 * took is thrown away and compiled again.
 */
public final class KernelWarmUp {
    private KernelWarmUp() {
    }

    /**
     * Starts compiling the SIMD kernels (products, pooling, dot products) on a background daemon thread, so that
     * the first real products do not run the Vector API interpreted (half a second for one 128 x 256 x 784
     * product, and hundreds of megabytes of garbage). It computes throwaway products on its own arrays, so results
     * never depend on it. Call it early, before loading data, to use the idle core; does nothing on the scalar path
     * or when called again.
     */
    public static void inBackground() {
        inBackground(null);
    }

    /**
     * {@link #inBackground()} for a model that calls only the kernel classes named in {@code kernels} (simple
     * names: {@code Gemm}, {@code Pool}, {@code Conv2d}, ...; null for all): the pooling and convolution kernels
     * are compiled only for a model that uses them (half a second that an MLP's training no longer waits for).
     */
    public static void inBackground(Set<String> kernels) {
        if (!Gemm.SIMD || !WARMING.compareAndSet(false, true)) {
            return;
        }
        Thread t = new Thread(() -> run(kernels), "dnnc-simd-warm-up");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        warmUpThread = t;
        t.start();
    }

    /**
     * Waits (at most {@code maxMillis}) for the warm-up {@link #inBackground} started, if any. Training
     * calls it before its first step: a kernel the JIT has not compiled yet runs the Vector API interpreted, tens
     * of times slower, while the compiler competes with it for the cores; waiting for the compiler is faster.
     * (The DESIGN CNN's jar, one epoch, four alternating runs: the first 25 steps took 42-54 ms each instead of
     * 25-27, the epoch ran at 9 600-10 400 samples/s instead of 10 700-11 500, the whole run 7.2-7.9 s, not 7.1-7.2.)
     */
    public static void await(long maxMillis) {
        Thread t = warmUpThread;
        if (t == null) {
            return;
        }
        try {
            t.join(maxMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();   // the caller decides what an interrupt means; the wait just ends
        }
    }

    /** Whether the background warm-up is still running; for tests. */
    static boolean running() {
        Thread t = warmUpThread;
        return t != null && t.isAlive();
    }

    private static final AtomicBoolean WARMING = new AtomicBoolean();
    private static volatile Thread warmUpThread;

    /**
     * Small products that go through every SIMD kernel (8-row, 1-row, edges, transposes) a few thousand times;
     * then, once those are compiled, products large enough to take every path a model's products take (op(B)
     * packed or read in place, op(A) and op(B) transposed or not, several blocks of k and of columns, split between
     * the threads); then the same for the sum kernels, and for the pooling, convolution, dot-product and array
     * kernels.
     */
    static void run() {
        run(null);
    }

    /** {@link #run()} for the kernel classes named in {@code kernels} (null: all). */
    static void run(Set<String> kernels) {
        Gemm.Workspace ws = new Gemm.Workspace();
        Gemm.Job job = new Gemm.Job();
        int k = 8;
        float[] a = new float[17 * k], b = new float[k * 100], c = new float[17 * 100];
        for (int i = 0; i < 3000; i++) {
            boolean acc = (i & 1) == 0, tb = (i & 2) == 0;
            job.set(a, k, 1, b, tb ? 1 : 100, tb ? k : 1, c, 100, 1, 17, 100, k, acc);
            job.simd = true;
            Gemm.compute(job, 0, 17, 0, 100, ws);
            job.set(a, k, 1, b, 100, 1, c, 100, 1, 1, 100, k, acc);
            Gemm.compute(job, 0, 1, 0, 100, ws);
            job.set(a, k, 1, b, 48, 1, c, 48, 1, 1, 48, k, acc);   // three vectors wide (with 16 lanes)
            Gemm.compute(job, 0, 1, 0, 48, ws);
        }
        everyProductPath();
        SimdReduce.warmUp();
        if (uses(kernels, "Pool")) {
            SimdPool.warmUp();
        }
        if (uses(kernels, "Conv2d")) {
            SimdDot.warmUp();
            SimdArrays.warmUp();
            SimdConv.warmUp();
            SimdFilterGradient.warmUp();
        }
    }

    private static boolean uses(Set<String> kernels, String kernel) {
        return kernels == null || kernels.contains(kernel);
    }

    /**
     * Before this, the first products of a model's real sizes took branches the warm-up never had (packing op(A)
     * for wide blocks, several blocks of k, the split between threads), and the JIT threw the compiled code away
     * to compile it again once training had started (the MLP's products ran 1.3 to 2.5 times slower than later for
     * its first 200 steps).
     */
    private static void everyProductPath() {
        float[] a = new float[72 * 264], b = new float[784 * 256], c = new float[264 * 136];
        for (int i = 0; i < 40; i++) {
            boolean acc = (i & 1) == 1;
            Gemm.gemm(true, false, false, 72, 272, 264, a, b, c, acc); // packed op(B), blocks of k, split by columns
            Gemm.gemm(true, true, false, 264, 136, 72, a, b, c, acc);  // op(A) transposed, split by rows
            Gemm.gemm(true, false, true, 40, 264, 136, a, b, c, acc);  // op(B) transposed
            Gemm.gemm(true, false, false, 40, 256, 300, a, b, c, acc); // few rows: op(B) read in place
            Gemm.gemm(true, false, false, 1, 256, 784, a, b, c, acc);  // one row, split by columns
            Gemm.gemm(true, false, false, 72, 10, 264, a, b, c, acc);  // few columns: computed transposed
            Gemm.gemm(true, true, false, 100, 10, 72, a, b, c, acc);   // the same, op(A) transposed
            Gemm.gemm(true, false, true, 72, 100, 10, a, b, c, acc);   // short k, op(B) transposed
            Gemm.gemmBias(true, false, 72, 272, 264, a, b, c, b, acc);  // a dense layer's bias and ReLU, split
            Gemm.gemmBias(true, false, 1, 100, 264, a, b, c, b, acc);   // the same on one example
            Gemm.gemmBias(true, false, 72, 10, 264, a, b, c, b, acc);   // an output layer's: by rows of C^T
            Gemm.gemmReluGradient(true, true, 72, 272, 264, a, b, c, b); // the gradient through a ReLU
            Gemm.gemmReluGradient(true, true, 72, 10, 264, a, b, c, b);  // the same, computed transposed
        }
    }
}
