package dnnc.runtime.kernels;

import java.util.Arrays;

/**
 * Single-precision matrix product on row-major float arrays.
 *
 * <p>Two implementations compute it. The SIMD path ({@link SimdGemm}, the Vector API) is used when the JVM was
 * started with {@code --add-modules jdk.incubator.vector} (a model jar relaunches itself that way, see
 * {@code dnnc.runtime.cli.Launcher}), unless the system property {@code dnnc.simd} is {@code false} or the
 * environment variable {@code DNNC_NO_SIMD} is set. Otherwise the scalar path below runs, in plain Java 17.
 *
 * <p>Every element of the result is computed the same way, whatever the sizes, transpositions, blocking or
 * thread count: starting from 0 (or from the old value of {@code c} when accumulating), the products
 * {@code op(A)[i][kk] * op(B)[kk][j]} are added one at a time in increasing {@code kk} order, in float
 * arithmetic: each as a fused multiply-add on the SIMD path, as a multiply then an add on the scalar path. So a
 * row of the result depends only on the matching row of {@code op(A)} and on {@code op(B)}: results are
 * bit-identical for 1 and 2 threads, and a row computed in a batch of one equals the same row computed in a batch
 * of 128. The two paths differ only by the rounding of the fused multiply-add.
 *
 * <p>How the scalar path is fast in plain Java 17: the inner loop updates a row segment of {@code C} from four rows
 * of a packed block of {@code op(B)}, for two rows of {@code C} at a time. HotSpot 17 only vectorizes a loop when
 * all its array accesses share the same offset, so the block of {@code op(B)} is copied (transposing it when
 * needed) into separate row arrays and the {@code C} row segments into scratch arrays, all indexed from 0.
 * The scratch space is allocated once per thread. When {@code n} is small and {@code m} is not (an output
 * layer, say), the product is computed as {@code C^T = op(B)^T op(A)^T} so the vector loop runs over the long
 * side. Large products are cut into a few chunks of output rows (or columns) that the calling thread and one
 * persistent daemon worker thread claim dynamically; a caller that finds the worker busy (another thread is
 * using it) computes alone.
 */
public final class Gemm {

    /** Block of the reduction dimension packed at once. */
    private static final int KC = 256;
    /** Block of output columns packed at once (and length of the vector loop). */
    private static final int NC = 256;
    /** Products with fewer multiply-adds (m*n*k) than this run on the calling thread only. */
    static final long PARALLEL_MIN_WORK = 1L << 18;
    /**
     * The same for products of fewer than 8 rows (predicting one example): they stream all of op(B) for little
     * arithmetic, so split by columns each core reads half of it into its own cache, which pays off sooner
     * (the MLP's one-example prediction: 19 to 13.5 microseconds). Products whose op(B) the SIMD path reads in
     * place (at most 64 rows) share this threshold: with nothing to pack, splitting pays off as soon (a CNN's first
     * convolution on one example, 16 x 784 x 9: about 1.5 microseconds of 52).
     */
    static final long PARALLEL_MIN_WORK_FEW_ROWS = 1L << 16;

    /** Whether {@link #gemm} uses the SIMD path; decided once, when the class is initialized. */
    static final boolean SIMD = simdAvailable();

    private static volatile int threads = Math.min(2, Runtime.getRuntime().availableProcessors());

    private static final ThreadLocal<Workspace> WORKSPACE = ThreadLocal.withInitial(Workspace::new);

    private Gemm() {
    }

    /**
     * C[m x n] = op(A) * op(B), or C += op(A) * op(B) when accumulate. op(A) is m x k: A is stored m x k, or k x m when
     * transA. op(B) is k x n: B is stored k x n, or n x k when transB. Only the first m*n elements of c are written.
     */
    public static void gemm(boolean transA, boolean transB, int m, int n, int k, float[] a, float[] b, float[] c,
            boolean accumulate) {
        gemm(SIMD, transA, transB, m, n, k, a, b, c, accumulate);
    }

    /**
     * A dense layer's product, bias and ReLU in one call: C[m x n] = A * op(B) + bias, {@code bias[j]} added to
     * every element of column j, then {@code Math.max(x, 0)} of each element when {@code relu}. The thread that
     * computed a block of C adds the bias to it while it is still in that core's cache, instead of another pass
     * over C (split between the threads its own way). The floats are those of {@link #gemm} followed by the
     * addition and the maximum.
     */
    public static void gemmBias(boolean transB, int m, int n, int k, float[] a, float[] b, float[] c, float[] bias,
            boolean relu) {
        gemmBias(SIMD, transB, m, n, k, a, b, c, bias, relu);
    }

    /** {@link #gemmBias} on the path chosen by {@code simd}: for tests. */
    static void gemmBias(boolean simd, boolean transB, int m, int n, int k, float[] a, float[] b, float[] c,
            float[] bias, boolean relu) {
        checkLength("bias", bias, n);
        gemm(simd, false, transB, m, n, k, a, b, c, false, bias, relu, null);
    }

    /**
     * The gradient through a ReLU in one call: C[m x n] = (A * op(B)) * step(out), where {@code out} (m x n, like
     * C) is the ReLU's output and step is 1 where it is positive, else 0 ({@code ScalarOps.step}). Each block is
     * multiplied by the thread that computed it, like {@link #gemmBias}; the floats are those of {@link #gemm}
     * followed by the multiplication.
     */
    public static void gemmReluGradient(boolean transB, int m, int n, int k, float[] a, float[] b, float[] c,
            float[] out) {
        gemmReluGradient(SIMD, transB, m, n, k, a, b, c, out);
    }

    /** {@link #gemmReluGradient} on the path chosen by {@code simd}: for tests. */
    static void gemmReluGradient(boolean simd, boolean transB, int m, int n, int k, float[] a, float[] b,
            float[] c, float[] out) {
        checkLength("out", out, (long) m * n);
        gemm(simd, false, transB, m, n, k, a, b, c, false, null, false, out);
    }

    /** {@link #gemm} on the path chosen by {@code simd} (which must be available): for tests and benchmarks. */
    static void gemm(boolean simd, boolean transA, boolean transB, int m, int n, int k, float[] a, float[] b,
            float[] c, boolean accumulate) {
        gemm(simd, transA, transB, m, n, k, a, b, c, accumulate, null, false, null);
    }

    private static void gemm(boolean simd, boolean transA, boolean transB, int m, int n, int k, float[] a,
            float[] b, float[] c, boolean accumulate, float[] bias, boolean relu, float[] reluOut) {
        if (simd && !SIMD) {
            throw new IllegalStateException("the SIMD path needs --add-modules jdk.incubator.vector");
        }
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("negative size: m=" + m + " n=" + n + " k=" + k);
        }
        checkLength("a", a, (long) m * k);
        checkLength("b", b, (long) k * n);
        checkLength("c", c, (long) m * n);
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0 && !accumulate) {
            Arrays.fill(c, 0, m * n, 0f);
        }
        if (k == 0 && bias == null && reluOut == null) {
            return;
        }
        // Strides of op(A)[i][kk], op(B)[kk][j] and C[i][j].
        int aRow = transA ? 1 : k, aK = transA ? m : 1;
        int bK = transB ? 1 : n, bCol = transB ? k : 1;
        Workspace ws = WORKSPACE.get();
        Job job = ws.job;
        boolean swap = n < 16 && m > n;
        if (swap) {
            // C^T[j][i] = sum_kk op(B)^T[j][kk] * op(A)^T[kk][i]
            job.set(b, bCol, bK, a, aK, aRow, c, 1, n, n, m, k, accumulate);
        } else {
            job.set(a, aRow, aK, b, bK, bCol, c, n, 1, m, n, k, accumulate);
        }
        job.simd = simd;
        job.bias = bias;
        job.relu = relu;
        job.biasOnRows = swap;
        job.reluOut = reluOut;
        try {
            if (k == 0) {
                GemmEpilogue.apply(job, 0, job.rows, 0, job.cols);   // C is zero (or as it was): the bias, or zeros
            } else {
                run(job, ws);
            }
        } finally {
            job.clear(); // do not keep the caller's arrays alive
        }
    }

    /**
     * Sets the number of threads used (1 or 2; default: min(2, availableProcessors)), by products and by the
     * work {@link Parallel} splits.
     */
    public static void setThreads(int threads) {
        if (threads != 1 && threads != 2) {
            throw new IllegalArgumentException("threads must be 1 or 2, got " + threads);
        }
        Gemm.threads = threads;
    }

    /** Whether the SIMD path is in use: "simd (Vector API, N floats)" or "scalar"; for logs and benchmarks. */
    public static String implementation() {
        return SIMD ? "simd (Vector API, " + SimdGemm.lanes() + " floats)" : "scalar";
    }

    /**
     * The SIMD path needs the incubator module in the boot layer (a reference to its classes would otherwise
     * fail); it is off when asked (property dnnc.simd=false, env DNNC_NO_SIMD) or when vectors are too short.
     */
    private static boolean simdAvailable() {
        if ("false".equalsIgnoreCase(System.getProperty("dnnc.simd")) || System.getenv("DNNC_NO_SIMD") != null) {
            return false;
        }
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return false;
        }
        try {
            return SimdGemm.lanes() >= 4;
        } catch (LinkageError | RuntimeException e) {
            return false;
        }
    }

    /** The thread count set by {@link #setThreads} (for tests). */
    static int threads() {
        return threads;
    }

    private static void checkLength(String name, float[] x, long needed) {
        if (x == null) {
            throw new NullPointerException(name);
        }
        if (x.length < needed) {
            throw new IllegalArgumentException(name + " has " + x.length + " elements, needs " + needed);
        }
    }

    private static void run(Job job, Workspace ws) {
        long work = (long) job.rows * job.cols * job.k;
        boolean bInPlace = job.simd && job.bCol == 1 && job.rows <= SimdGemm.PACK_B_MIN_ROWS;
        long minWork = job.rows < SimdGemm.MR || bInPlace ? PARALLEL_MIN_WORK_FEW_ROWS : PARALLEL_MIN_WORK;
        boolean fewChains = job.rows < 8 && (job.cols < 32
                || bInPlace && job.cCol == 1 && SimdGemmRow.onePassOfFewChains(job.cols));
        if (threads < 2 || work < minWork || fewChains) {
            computeBlock(job, 0, job.rows, 0, job.cols, ws);
            return;
        }
        Worker worker = Worker.INSTANCE;
        if (!worker.acquire()) {
            computeBlock(job, 0, job.rows, 0, job.cols, ws);
            return;
        }
        try {
            worker.share(Chunked.INSTANCE, Chunked.INSTANCE.prepare(job, ws));
        } finally {
            Chunked.INSTANCE.clear();
            worker.release();
        }
    }

    /** One product, with A', B', C' possibly the transposed roles of the caller's matrices. */
    static final class Job {
        float[] a, b, c;
        int aRow, aK, bK, bCol, cRow, cCol;
        int rows, cols, k;
        boolean accumulate, simd;
        /** Added to C after the product (with a ReLU after it when relu), or null; by row when biasOnRows. */
        float[] bias;
        boolean relu, biasOnRows;
        /** A ReLU's output laid out like C, or null: C is multiplied by its step after the product. */
        float[] reluOut;

        void set(float[] a, int aRow, int aK, float[] b, int bK, int bCol, float[] c, int cRow, int cCol,
                int rows, int cols, int k, boolean accumulate) {
            this.a = a;
            this.aRow = aRow;
            this.aK = aK;
            this.b = b;
            this.bK = bK;
            this.bCol = bCol;
            this.c = c;
            this.cRow = cRow;
            this.cCol = cCol;
            this.rows = rows;
            this.cols = cols;
            this.k = k;
            this.accumulate = accumulate;
        }

        void set(Job from) {
            set(from.a, from.aRow, from.aK, from.b, from.bK, from.bCol, from.c, from.cRow, from.cCol, from.rows,
                    from.cols, from.k, from.accumulate);
            simd = from.simd;
            bias = from.bias;
            relu = from.relu;
            biasOnRows = from.biasOnRows;
            reluOut = from.reluOut;
        }

        void clear() {
            a = b = c = bias = reluOut = null;
        }
    }

    /** Per-thread scratch space, allocated once. */
    static final class Workspace {
        final float[][] panel = new float[KC][NC];
        final float[] acc0 = new float[NC];
        final float[] acc1 = new float[NC];
        final Job job = new Job();
        /** The SIMD path's scratch space ({@code SimdGemm.Scratch}), made on first use. */
        Object simd;
    }

    /** {@link #compute}, then the job's epilogue (bias, ReLU or its gradient) over the same block, on this thread. */
    private static void computeBlock(Job job, int r0, int r1, int q0, int q1, Workspace ws) {
        compute(job, r0, r1, q0, q1, ws);
        GemmEpilogue.apply(job, r0, r1, q0, q1);
    }

    /** Computes rows [r0, r1) x columns [q0, q1) of the job's C. */
    static void compute(Job job, int r0, int r1, int q0, int q1, Workspace ws) {
        if (job.simd) {
            SimdGemm.compute(job, r0, r1, q0, q1, ws);
            return;
        }
        final float[] a = job.a;
        final int aRow = job.aRow, aK = job.aK, k = job.k;
        final float[][] panel = ws.panel;
        final float[] acc0 = ws.acc0, acc1 = ws.acc1;
        for (int qb = q0; qb < q1; qb += NC) {
            int nb = Math.min(NC, q1 - qb);
            for (int k0 = 0; k0 < k; k0 += KC) {
                int kb = Math.min(KC, k - k0);
                boolean zero = k0 == 0 && !job.accumulate;
                pack(job, k0, kb, qb, nb, panel);
                int r = r0;
                for (; r + 2 <= r1; r += 2) {
                    loadRow(job, r, qb, nb, acc0, zero);
                    loadRow(job, r + 1, qb, nb, acc1, zero);
                    int x = r * aRow + k0 * aK, y = x + aRow;
                    int kk = 0;
                    for (; kk + 4 <= kb; kk += 4, x += 4 * aK, y += 4 * aK) {
                        rows2(acc0, acc1, panel[kk], panel[kk + 1], panel[kk + 2], panel[kk + 3],
                                a[x], a[x + aK], a[x + 2 * aK], a[x + 3 * aK],
                                a[y], a[y + aK], a[y + 2 * aK], a[y + 3 * aK], nb);
                    }
                    for (; kk < kb; kk++, x += aK, y += aK) {
                        rows2(acc0, acc1, panel[kk], a[x], a[y], nb);
                    }
                    storeRow(job, r, qb, nb, acc0);
                    storeRow(job, r + 1, qb, nb, acc1);
                }
                if (r < r1) {
                    loadRow(job, r, qb, nb, acc0, zero);
                    int x = r * aRow + k0 * aK;
                    int kk = 0;
                    for (; kk + 4 <= kb; kk += 4, x += 4 * aK) {
                        row1(acc0, panel[kk], panel[kk + 1], panel[kk + 2], panel[kk + 3],
                                a[x], a[x + aK], a[x + 2 * aK], a[x + 3 * aK], nb);
                    }
                    for (; kk < kb; kk++, x += aK) {
                        row1(acc0, panel[kk], a[x], nb);
                    }
                    storeRow(job, r, qb, nb, acc0);
                }
            }
        }
    }

    /** panel[kk][t] = B'[k0 + kk][qb + t]. */
    private static void pack(Job job, int k0, int kb, int qb, int nb, float[][] panel) {
        final float[] b = job.b;
        final int bK = job.bK, bCol = job.bCol;
        if (bCol == 1) {
            for (int kk = 0; kk < kb; kk++) {
                System.arraycopy(b, (k0 + kk) * bK + qb, panel[kk], 0, nb);
            }
        } else {
            // Transposing: read each column of B' (contiguous when bK == 1) and scatter it over the rows.
            for (int t = 0; t < nb; t++) {
                int base = (qb + t) * bCol + k0 * bK;
                for (int kk = 0; kk < kb; kk++) {
                    panel[kk][t] = b[base + kk * bK];
                }
            }
        }
    }

    private static void loadRow(Job job, int r, int qb, int nb, float[] acc, boolean zero) {
        if (zero) {
            Arrays.fill(acc, 0, nb, 0f);
            return;
        }
        final float[] c = job.c;
        int base = r * job.cRow + qb * job.cCol;
        if (job.cCol == 1) {
            System.arraycopy(c, base, acc, 0, nb);
        } else {
            int step = job.cCol;
            for (int t = 0; t < nb; t++) {
                acc[t] = c[base + t * step];
            }
        }
    }

    private static void storeRow(Job job, int r, int qb, int nb, float[] acc) {
        final float[] c = job.c;
        int base = r * job.cRow + qb * job.cCol;
        if (job.cCol == 1) {
            System.arraycopy(acc, 0, c, base, nb);
        } else {
            int step = job.cCol;
            for (int t = 0; t < nb; t++) {
                c[base + t * step] = acc[t];
            }
        }
    }

    // The vector loops. Every array is indexed by j alone (same offset), which HotSpot 17 needs to vectorize.
    // The sums are written left to right so each element still gets its products added in increasing k order.

    private static void rows2(float[] c0, float[] c1, float[] p0, float[] p1, float[] p2, float[] p3,
            float a0, float a1, float a2, float a3, float e0, float e1, float e2, float e3, int len) {
        for (int j = 0; j < len; j++) {
            float x0 = p0[j], x1 = p1[j], x2 = p2[j], x3 = p3[j];
            c0[j] = c0[j] + a0 * x0 + a1 * x1 + a2 * x2 + a3 * x3;
            c1[j] = c1[j] + e0 * x0 + e1 * x1 + e2 * x2 + e3 * x3;
        }
    }

    private static void rows2(float[] c0, float[] c1, float[] p0, float a0, float e0, int len) {
        for (int j = 0; j < len; j++) {
            float x0 = p0[j];
            c0[j] = c0[j] + a0 * x0;
            c1[j] = c1[j] + e0 * x0;
        }
    }

    private static void row1(float[] c0, float[] p0, float[] p1, float[] p2, float[] p3,
            float a0, float a1, float a2, float a3, int len) {
        for (int j = 0; j < len; j++) {
            c0[j] = c0[j] + a0 * p0[j] + a1 * p1[j] + a2 * p2[j] + a3 * p3[j];
        }
    }

    private static void row1(float[] c0, float[] p0, float a0, int len) {
        for (int j = 0; j < len; j++) {
            c0[j] = c0[j] + a0 * p0[j];
        }
    }

    /**
     * A product cut into chunks of output rows (or columns) for {@link Worker}. There is one, used by the thread
     * that holds the worker: it copies the caller's job, so the worker never sees a job its owner reuses.
     */
    private static final class Chunked implements Worker.Chunks {
        static final Chunked INSTANCE = new Chunked();
        /**
         * On the SIMD path, products at least this many strips wide are split by columns, each strip packed by the
         * thread that uses it. Split by rows, every chunk packed all of op(B) again (a 32 x 128 x 100 product with
         * op(B) transposed, at batch 32 of the MLP, took longer on two threads than on one).
         */
        private static final int SPLIT_COLUMNS_FROM_STRIPS = 4;
        /** Chunks per product: enough to balance, few enough that packing op(B) per chunk stays cheap. */
        private static final int CHUNKS = 4;

        private final Job job = new Job();
        /** The worker thread's scratch space (the owner brings its own). */
        private final Workspace workerSpace = new Workspace();
        private Workspace ownerSpace;
        private boolean byRows;
        private int chunk;

        /** Sets up the product and returns its number of chunks. */
        int prepare(Job from, Workspace ws) {
            job.set(from);
            ownerSpace = ws;
            // Split only over output elements, never over k.
            // Splitting columns packs each block of op(B) once; splitting rows packs it once per chunk, so
            // columns are preferred unless they are too few to keep the vector loop long.
            // The SIMD path reads a row-major op(B) of few rows in place, so there columns cost nothing extra.
            boolean bInPlace = job.simd && job.bCol == 1 && job.rows <= SimdGemm.PACK_B_MIN_ROWS;
            // (SimdGemm is only referenced on the SIMD path: without the Vector API it cannot load.)
            int columnsToSplit = job.simd ? SPLIT_COLUMNS_FROM_STRIPS * SimdGemm.NR : 256;
            byRows = job.cols < columnsToSplit && job.rows >= 8 && !bInPlace;
            // Chunks are whole register tiles: 2 rows or 16 columns (scalar), 8 rows or 2 vectors (SIMD).
            int rowAlign = job.simd ? SimdGemm.MR : 2, colAlign = job.simd ? SimdGemm.NR : 16;
            if (byRows) {
                chunk = roundUp(ceilDiv(job.rows, CHUNKS), rowAlign);
                return ceilDiv(job.rows, chunk);
            }
            // Four chunks however wide: when the host slows one of the two cores (its other tenants), the other
            // takes three; balanced, the owner takes chunks 0 and 1 and the worker 3 and 2, the same halves as
            // two chunks would give (wide products went in two of 128 columns or more until 2026-12-02: MLP
            // steps at batch 128 took 0.85 and 0.99 of the time in two runs of bench/ab.sh, 0.94 at batch 32).
            // A product of a few rows keeps chunks of four strips, which its 1-row kernel reads a k at a time
            // (in chunks of two strips, the MLP's one-example prediction took 1.11 times as long).
            int fewest = job.rows < rowAlign && job.cols >= 256 ? 128 : colAlign;
            chunk = Math.max(fewest, roundUp(ceilDiv(job.cols, CHUNKS), colAlign));
            return ceilDiv(job.cols, chunk);
        }

        @Override
        public void run(int i, boolean onWorker) {
            Workspace ws = onWorker ? workerSpace : ownerSpace;
            int from = i * chunk;
            if (byRows) {
                computeBlock(job, from, Math.min(job.rows, from + chunk), 0, job.cols, ws);
            } else {
                computeBlock(job, 0, job.rows, from, Math.min(job.cols, from + chunk), ws);
            }
        }

        void clear() {
            job.clear(); // do not keep the caller's arrays alive
            ownerSpace = null;
        }

        private static int ceilDiv(int x, int y) {
            return (x + y - 1) / y;
        }

        private static int roundUp(int x, int y) {
            return ceilDiv(x, y) * y;
        }
    }
}
