package dnnc.runtime.kernels;

import java.util.Random;

/**
 * Not a test: prints Gemm's speed in GFLOP/s for a few sizes, with 1 and 2 threads. Run with
 * {@code java -cp runtime/target/classes:runtime/target/test-classes dnnc.runtime.kernels.GemmSpeedCheck}.
 * The best of several timed rounds is shown, after warm-up.
 */
public final class GemmSpeedCheck {

    private GemmSpeedCheck() {
    }

    public static void main(String[] args) {
        // label, transA, transB, m, n, k
        Object[][] cases = {
            {"square 1024^3", false, false, 1024, 1024, 1024},
            {"MLP fwd  X*W1      ", false, false, 128, 256, 784},
            {"MLP fwd  H*W2      ", false, false, 128, 128, 256},
            {"MLP fwd  H*W3 (n=10)", false, false, 128, 10, 128},
            {"MLP grad X^T*G (transA)", true, false, 784, 256, 128},
            {"MLP grad H^T*G (transA)", true, false, 256, 128, 128},
            {"MLP back G*W1^T (transB)", false, true, 128, 784, 256},
            {"MLP back G*W3^T (transB)", false, true, 128, 128, 10},
            {"inference 1 row", false, false, 1, 256, 784},
            {"MLP b32 fwd X*W1", false, false, 32, 256, 784},
            {"MLP b32 fwd H*W2", false, false, 32, 128, 256},
            {"conv1 fwd W*cols", false, false, 16, 100352, 9},
            {"conv2 fwd W*cols", false, false, 32, 25088, 144},
            {"conv2 back W^T*G (transA)", true, false, 144, 25088, 32},
            {"conv1 wgrad cols*G^T", false, false, 9, 16, 100352},
            {"conv2 wgrad cols*G^T", false, false, 144, 32, 25088},
        };
        int most = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        for (int threads = 1; threads <= most; threads++) {
            Gemm.setThreads(threads);
            System.out.println("threads = " + threads);
            for (Object[] cs : cases) {
                boolean ta = (Boolean) cs[1], tb = (Boolean) cs[2];
                int m = (Integer) cs[3], n = (Integer) cs[4], k = (Integer) cs[5];
                System.out.printf("  %-26s %4d x %4d x %4d  %6.1f GFLOP/s%n", cs[0], m, n, k, gflops(ta, tb, m, n, k));
            }
        }
    }

    private static double gflops(boolean ta, boolean tb, int m, int n, int k) {
        Random rnd = new Random(1);
        float[] a = new float[m * k], b = new float[k * n], c = new float[m * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = rnd.nextFloat() - 0.5f;
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = rnd.nextFloat() - 0.5f;
        }
        double flops = 2.0 * m * n * k;
        int reps = (int) Math.max(1, 2e8 / flops);
        for (long done = 0; done < 4e10 / flops && done < 20_000; done++) {
            Gemm.gemm(ta, tb, m, n, k, a, b, c, false);
        }
        double best = 0;
        for (int round = 0; round < 10; round++) {
            long t0 = System.nanoTime();
            for (int r = 0; r < reps; r++) {
                Gemm.gemm(ta, tb, m, n, k, a, b, c, false);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            best = Math.max(best, flops * reps / seconds / 1e9);
        }
        return best;
    }
}
