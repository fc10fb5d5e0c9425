package dnnc.runtime.kernels;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Gemm on the square 1024 case and on every product of an MLP 784-256-128-100-10 training step at batch 128
 * (forward, weight gradients with transposed A, input gradients with transposed B) and one-example inference;
 * both paths (simd, scalar) and 1 or 2 threads. Time per call; GFLOP/s = 2*m*n*k / time.
 *
 * <pre>
 * mvn -q -P bench -DskipTests package
 * java -jar bench/target/benchmarks.jar GemmBench                    # everything (about 25 minutes)
 * java -jar bench/target/benchmarks.jar GemmBench -p shape=1024x1024x1024 -p threads=2
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class GemmBench {

    /** m x n x k, then N (plain), tA (op(A) = A^T) or tB (op(B) = B^T). */
    @Param({"1024x1024x1024xN", "128x256x784xN", "128x128x256xN", "128x100x128xN", "128x10x100xN",
            "784x256x128xtA", "256x128x128xtA", "128x784x256xtB", "128x256x128xtB", "128x100x10xtB",
            "1x256x784xN"})
    public String shape;

    @Param({"simd", "scalar"})
    public String path;

    @Param({"1", "2"})
    public int threads;

    private int m, n, k;
    private boolean transA, transB, simd;
    private float[] a, b, c;

    @Setup(Level.Trial)
    public void setUp() {
        String[] s = shape.split("x");
        m = Integer.parseInt(s[0]);
        n = Integer.parseInt(s[1]);
        k = Integer.parseInt(s[2]);
        transA = s[3].equals("tA");
        transB = s[3].equals("tB");
        simd = path.equals("simd");
        if (simd && !Gemm.SIMD) {
            throw new IllegalStateException("SIMD path unavailable: " + Gemm.implementation());
        }
        Gemm.setThreads(threads);
        Random rnd = new Random(42);
        a = fill(rnd, m * k);
        b = fill(rnd, k * n);
        c = new float[m * n];
    }

    private static float[] fill(Random rnd, int size) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = rnd.nextFloat() - 0.5f;
        }
        return x;
    }

    @Benchmark
    public float[] gemm() {
        Gemm.gemm(simd, transA, transB, m, n, k, a, b, c, false);
        return c;
    }
}
