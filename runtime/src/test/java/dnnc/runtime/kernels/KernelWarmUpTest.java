package dnnc.runtime.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class KernelWarmUpTest {

    @Test
    void warmUpLeavesResultsAsTheyWere() throws Exception {
        Assumptions.assumeTrue(Gemm.SIMD);
        Random rnd = new Random(21);
        int m = 37, n = 45, k = 300;
        float[] a = GemmTest.random(rnd, m * k), b = GemmTest.random(rnd, k * n);
        float[] before = new float[m * n], after = new float[m * n];
        Gemm.gemm(true, false, false, m, n, k, a, b, before, false);
        KernelWarmUp.inBackground();
        KernelWarmUp.run(); // also in this thread, concurrently with the background one
        Gemm.gemm(true, false, false, m, n, k, a, b, after, false);
        assertArrayEquals(before, after);
        assertArrayEquals(GemmTest.sequentialFloat(true, false, false, m, n, k, a, b, null), after);
    }

    @Test
    void aWarmUpForProductsAloneLeavesResultsAsTheyWere() {
        Assumptions.assumeTrue(Gemm.SIMD);
        Random rnd = new Random(22);
        int m = 9, n = 70, k = 33;
        float[] a = GemmTest.random(rnd, m * k), b = GemmTest.random(rnd, k * n), c = new float[m * n];
        KernelWarmUp.run(java.util.Set.of("Gemm", "Reduce"));   // an MLP's: no pooling, no convolution
        Gemm.gemm(false, false, m, n, k, a, b, c, false);
        assertArrayEquals(GemmTest.sequentialFloat(true, false, false, m, n, k, a, b, null), c);
    }

    @Test
    void awaitingTheWarmUpReturnsOnceItHasFinished() {
        Assumptions.assumeTrue(Gemm.SIMD);
        KernelWarmUp.inBackground();   // no second warm-up if another test started one: then this waits for that one
        KernelWarmUp.await(120_000);
        assertFalse(KernelWarmUp.running());
    }
}
