package dnnc.runtime.kernels;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Single-precision matrix product for row-major arrays. Loop orders keep the innermost loop running over
 * contiguous columns of both B and C so that the JIT vectorizes it; B^T is handled by transposing blocks
 * into a per-thread scratch buffer. Large products split the rows of C between the caller and one worker
 * thread; every element is computed the same way whatever the split, so results are bit-identical.
 */
public final class Gemm {
    private static final int PARALLEL_WORK = 1 << 18;
    private static volatile int threads = Math.min(2, Runtime.getRuntime().availableProcessors());
    private static final ExecutorService WORKER = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "dnnc-gemm");
        t.setDaemon(true);
        return t;
    });
    private static final ThreadLocal<float[]> SCRATCH = ThreadLocal.withInitial(() -> new float[0]);

    private Gemm() {
    }

    public static void setThreads(int n) {
        threads = Math.max(1, Math.min(2, n));
    }

    /**
     * C[m x n] = op(A) op(B), or C += op(A) op(B) when accumulate. op(A) is m x k (A stored k x m when
     * transA); op(B) is k x n (B stored n x k when transB).
     */
    public static void gemm(boolean transA, boolean transB, int m, int n, int k, float[] a, float[] b, float[] c,
                            boolean accumulate) {
        if ((long) m * n * k >= PARALLEL_WORK && threads > 1 && m >= 2) {
            int half = m / 2;
            Future<?> other = WORKER.submit(() -> rows(transA, transB, half, m, m, n, k, a, b, c, accumulate));
            rows(transA, transB, 0, half, m, n, k, a, b, c, accumulate);
            try {
                other.get();
            } catch (Exception e) {
                throw new IllegalStateException("gemm worker failed", e);
            }
        } else {
            rows(transA, transB, 0, m, m, n, k, a, b, c, accumulate);
        }
    }

    /**
     * Rows [from, to) of C. A zero element of A skips its row of B: activations after relu are half zeros.
     * (So 0 * inf in B gives 0 here rather than NaN.)
     */
    private static void rows(boolean transA, boolean transB, int from, int to, int m, int n, int k, float[] a,
                             float[] b, float[] c, boolean accumulate) {
        if (!accumulate) {
            java.util.Arrays.fill(c, from * n, to * n, 0f);
        }
        if (transB) {
            float[] bt = scratch(k * n);
            for (int p = 0; p < k; p++) {
                for (int j = 0; j < n; j++) {
                    bt[p * n + j] = b[j * k + p];
                }
            }
            b = bt;
        }
        for (int i = from; i < to; i++) {
            int ci = i * n;
            for (int p = 0; p < k; p++) {
                float av = transA ? a[p * m + i] : a[i * k + p];
                if (av == 0f) {
                    continue;
                }
                int bp = p * n;
                for (int j = 0; j < n; j++) {
                    c[ci + j] += av * b[bp + j];
                }
            }
        }
    }

    private static float[] scratch(int size) {
        float[] s = SCRATCH.get();
        if (s.length < size) {
            s = new float[size];
            SCRATCH.set(s);
        }
        return s;
    }
}
