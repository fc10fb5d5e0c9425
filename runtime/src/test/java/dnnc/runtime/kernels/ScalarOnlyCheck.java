package dnnc.runtime.kernels;

import java.util.Random;

/**
 * Run by GemmTest in a JVM started without {@code --add-modules jdk.incubator.vector}: Gemm must choose the
 * scalar path there, never touch the Vector API, and compute correct products. Prints "scalar ok".
 */
public final class ScalarOnlyCheck {
    private ScalarOnlyCheck() {
    }

    public static void main(String[] args) {
        if (Gemm.SIMD || !"scalar".equals(Gemm.implementation())) {
            throw new AssertionError("expected the scalar path, got " + Gemm.implementation());
        }
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
            throw new AssertionError("the Vector API module should not be present in this JVM");
        }
        Random rnd = new Random(1);
        int[][] sizes = {{1, 1, 1}, {7, 13, 5}, {130, 300, 520}, {64, 10, 33}};
        for (int[] s : sizes) {
            for (boolean ta : new boolean[] {false, true}) {
                for (boolean tb : new boolean[] {false, true}) {
                    int m = s[0], n = s[1], k = s[2];
                    float[] a = GemmTest.random(rnd, m * k), b = GemmTest.random(rnd, k * n), c = new float[m * n];
                    Gemm.gemm(ta, tb, m, n, k, a, b, c, false);
                    float[] expected = GemmTest.sequentialFloat(false, ta, tb, m, n, k, a, b, null);
                    if (!java.util.Arrays.equals(expected, c)) {
                        throw new AssertionError("wrong product for " + java.util.Arrays.toString(s));
                    }
                }
            }
        }
        System.out.println("scalar ok");
    }
}
