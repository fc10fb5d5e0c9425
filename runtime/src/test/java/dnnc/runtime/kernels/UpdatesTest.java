package dnnc.runtime.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class UpdatesTest {

    private static float[] random(Random rnd, int n, float scale) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (rnd.nextFloat() * 2 - 1) * scale;
        }
        return x;
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 7, 15, 16, 17, 64, 1003})
    void adamMatchesTheFormulaInDoubleAndIsTheSameOnAnyRange(int n) {
        Random rnd = new Random(n);
        float[] p = random(rnd, n, 1f), m = new float[n], v = new float[n];
        float[] p2 = p.clone(), m2 = m.clone(), v2 = v.clone();
        double[] pd = new double[n], md = new double[n], vd = new double[n];
        for (int i = 0; i < n; i++) {
            pd[i] = p[i];
        }
        double lr = 1e-2, b1 = 0.9, b2 = 0.999, eps = 1e-8, wd = 1e-3;
        for (int t = 1; t <= 5; t++) {
            float[] g = random(rnd, n, 0.5f);
            double stepSize = lr / (1 - Math.pow(b1, t)), c2 = Math.sqrt(1 - Math.pow(b2, t));
            Updates.adam(p, g, m, v, n, (float) b1, (float) b2, (float) stepSize, (float) c2, (float) eps, (float) wd);
            // In two pieces: each element's result does not depend on where the range starts.
            Updates.adamScalar(p2, g, m2, v2, 0, n / 3, (float) b1, (float) b2, (float) stepSize, (float) c2,
                    (float) eps, (float) wd);
            Updates.adamScalar(p2, g, m2, v2, n / 3, n, (float) b1, (float) b2, (float) stepSize, (float) c2,
                    (float) eps, (float) wd);
            for (int i = 0; i < n; i++) {
                double gi = g[i] + wd * pd[i];
                md[i] = b1 * md[i] + (1 - b1) * gi;
                vd[i] = b2 * vd[i] + (1 - b2) * gi * gi;
                pd[i] = pd[i] - stepSize * md[i] / (Math.sqrt(vd[i]) / c2 + eps);
            }
        }
        assertArrayEquals(p2, p);
        assertArrayEquals(m2, m);
        assertArrayEquals(v2, v);
        for (int i = 0; i < n; i++) {
            assertEquals(pd[i], p[i], 1e-5 * (1 + Math.abs(pd[i])), "p[" + i + "]");
            assertEquals(md[i], m[i], 1e-5 * (1 + Math.abs(md[i])), "m[" + i + "]");
        }
    }

    @Test
    void leavesElementsFromNOnUntouched() {
        float[] p = {1, 2, 3, 4, 5}, g = {1, 1, 1, 1, 1}, m = new float[5], v = new float[5];
        Updates.adam(p, g, m, v, 3, 0.9f, 0.999f, 0.1f, 0.03f, 1e-8f, 0f);
        assertEquals(4f, p[3]);
        assertEquals(5f, p[4]);
        assertEquals(0f, m[4]);
        assertThrows(IllegalArgumentException.class, () -> Updates.adam(p, g, m, v, 6, 0.9f, 0.999f, 0.1f, 0.03f,
                1e-8f, 0f));
    }

    @Test
    void doesNotAllocate() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long self = Thread.currentThread().getId();
        Random rnd = new Random(2);
        int n = 1000;
        float[] p = random(rnd, n, 1f), g = random(rnd, n, 1f), m = new float[n], v = new float[n];
        for (int i = 0; i < 20000; i++) {
            Updates.adam(p, g, m, v, n, 0.9f, 0.999f, 1e-6f, 0.5f, 1e-8f, 0f);
        }
        long before = mx.getThreadAllocatedBytes(self);
        for (int i = 0; i < 1000; i++) {
            Updates.adam(p, g, m, v, n, 0.9f, 0.999f, 1e-6f, 0.5f, 1e-8f, 0f);
        }
        long allocated = mx.getThreadAllocatedBytes(self) - before;
        assertTrue(allocated < 1024, "allocated " + allocated);
    }
}
