package dnnc.runtime.kernels;

/**
 * Work split between the calling thread and the {@link Worker} that matrix products use: the element loops of
 * generated code, by examples ({@link #forExamples}; the optimizers' updates use it too, over a parameter's
 * elements), and the runtime's pooling, convolution and sum kernels, by examples, planes or rows
 * ({@link Split}). Each output is computed by exactly one thread, in the same arithmetic as on one thread, so
 * results do not depend on the split. Work too small to pay for waking
 * the worker, a worker that another thread is using, or {@code Gemm.setThreads(1)} leave it to the calling
 * thread alone.
 */
public final class Parallel {
    /** What generated code implements: loop number {@code task} over examples [from, to) of a batch of n. */
    public interface Body {
        void range(int task, float[][] b, int n, int from, int to);
    }

    /** Chunks per loop: a thread that falls behind leaves the other more than half. */
    private static final int CHUNKS = 4;
    /**
     * Below this many elements a loop runs on the calling thread: handing half of it over costs about as much
     * as a few microseconds of loop (tens of thousands of elements).
     */
    public static final int MIN_ELEMENTS = 1 << 16;
    /** A test's smallest split size for every kernel ({@link #setMinElements}); negative: each kernel's own. */
    private static volatile int minElementsSet = -1;

    private Parallel() {
    }

    /** Runs {@code body.range(task, b, n, from, to)} over all n examples, in pieces, on up to two threads. */
    public static void forExamples(Body body, int task, float[][] b, int n, int perExample) {
        if (splits(n, perExample)) {
            shareExamples(body, task, b, n);
        } else {
            body.range(task, b, n, 0, n);
        }
    }

    /**
     * {@link #forExamples} in two halves, for generated code: whether a loop over n examples of
     * {@code perExample} elements is worth splitting, and if so takes the worker; the caller must then call
     * {@link #shareExamples}, and otherwise runs its loop itself, by a direct call (a one-example prediction never
     * goes through {@link Body#range} and its switch over every loop of the model; a model jar's relaunched JVM
     * keeps C2 from inlining that call, see {@code Launcher.COMPILER_DEFAULTS}).
     */
    public static boolean splits(int n, int perExample) {
        return n >= 2 && acquire((long) n * perExample);
    }

    /** After {@link #splits} returned true: runs {@code body.range} over the n examples on both threads. */
    public static void shareExamples(Body body, int task, float[][] b, int n) {
        Examples.INSTANCE.set(body, task, b, n);
        shareAndRelease(Examples.INSTANCE, n);
    }

    /**
     * Whether work of this many elements should be split, and if so takes the worker: the caller then fills in
     * its {@link Split}'s arguments and calls {@link #shareAndRelease}. When false, the caller runs the work
     * itself (and must not touch its shared Split, which another thread may be using).
     */
    static boolean acquire(long elements) {
        return acquire(elements, MIN_ELEMENTS);
    }

    /**
     * {@link #acquire(long)} for a kernel whose split pays off from {@code minimum} elements (a size set by
     * {@link #setMinElements} applies to every kernel).
     */
    static boolean acquire(long elements, long minimum) {
        long threshold = minElementsSet < 0 ? minimum : minElementsSet;
        return elements >= threshold && Gemm.threads() >= 2 && Worker.INSTANCE.acquire();
    }

    /** Runs items [0, count) of {@code split} on both threads, then lets go of the split and the worker. */
    static void shareAndRelease(Split split, int count) {
        try {
            split.chunk = Math.max(1, (count + CHUNKS - 1) / CHUNKS);
            split.count = count;
            Worker.INSTANCE.share(split, (count + split.chunk - 1) / split.chunk);
        } finally {
            split.clear();
            Worker.INSTANCE.release();
        }
    }

    /**
     * Sets the smallest loop (in elements) that is split, for every kernel (negative: each kernel's default); for
     * tests with small models.
     */
    public static void setMinElements(int elements) {
        minElementsSet = Math.max(-1, elements);
    }

    /**
     * Work over items [0, count) (examples, planes, rows) that can be cut anywhere. Each kernel that splits
     * its work has one instance, with its arguments in fields, used only by the thread holding the worker.
     */
    abstract static class Split implements Worker.Chunks {
        private int count, chunk;

        /** Runs items [from, to). */
        abstract void items(int from, int to);

        /** Drops the references to the caller's arrays. */
        abstract void clear();

        @Override
        public final void run(int i, boolean onWorker) {
            int from = i * chunk;
            items(from, Math.min(count, from + chunk));
        }
    }

    /** The element loop being shared. */
    private static final class Examples extends Split {
        static final Examples INSTANCE = new Examples();
        private Body body;
        private float[][] b;
        private int task, n;

        void set(Body body, int task, float[][] b, int n) {
            this.body = body;
            this.task = task;
            this.b = b;
            this.n = n;
        }

        @Override
        void items(int from, int to) {
            body.range(task, b, n, from, to);
        }

        @Override
        void clear() {
            body = null;
            b = null;
        }
    }
}
