package dnnc.runtime.kernels;

/**
 * Element loops of generated code, split by examples between the calling thread and the {@link Worker} that
 * matrix products use. Each element is computed by exactly one thread, in the same arithmetic as on one thread,
 * so results do not depend on the split. Loops too short to pay for waking the worker, a second thread that is
 * busy, or {@code Gemm.setThreads(1)} run on the calling thread alone.
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
    private static final int DEFAULT_MIN_ELEMENTS = 1 << 16;
    private static volatile int minElements = DEFAULT_MIN_ELEMENTS;

    private Parallel() {
    }

    /** Runs {@code body.range(task, b, n, from, to)} over all n examples, in pieces, on up to two threads. */
    public static void forExamples(Body body, int task, float[][] b, int n, int perExample) {
        if (n < 2 || (long) n * perExample < minElements || Gemm.threads() < 2) {
            body.range(task, b, n, 0, n);
            return;
        }
        Worker worker = Worker.INSTANCE;
        if (!worker.acquire()) {
            body.range(task, b, n, 0, n);
            return;
        }
        try {
            worker.share(Examples.INSTANCE, Examples.INSTANCE.prepare(body, task, b, n));
        } finally {
            Examples.INSTANCE.clear();
            worker.release();
        }
    }

    /** Sets the smallest loop (in elements) that is split (negative: the default); for tests with small models. */
    public static void setMinElements(int elements) {
        minElements = elements < 0 ? DEFAULT_MIN_ELEMENTS : elements;
    }

    /** The loop being shared; one, used by the thread that holds the worker. */
    private static final class Examples implements Worker.Chunks {
        static final Examples INSTANCE = new Examples();
        private Body body;
        private float[][] b;
        private int task, n, chunk;

        int prepare(Body body, int task, float[][] b, int n) {
            this.body = body;
            this.task = task;
            this.b = b;
            this.n = n;
            chunk = (n + CHUNKS - 1) / CHUNKS;
            return (n + chunk - 1) / chunk;
        }

        @Override
        public void run(int i, boolean onWorker) {
            int from = i * chunk;
            body.range(task, b, n, from, Math.min(n, from + chunk));
        }

        void clear() {
            body = null;
            b = null;
        }
    }
}
