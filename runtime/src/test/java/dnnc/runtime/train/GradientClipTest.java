package dnnc.runtime.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Clipping as torch.nn.utils.clip_grad_value_ and clip_grad_norm_ do it. */
class GradientClipTest {

    @Test
    void clipByValueLimitsEveryGradient() {
        float[][] g = {{3, -0.2f}, {-7}};
        new GradientClip(0.5, 0).clip(g);
        assertArrayEquals(new float[] {0.5f, -0.2f}, g[0]);
        assertArrayEquals(new float[] {-0.5f}, g[1]);
    }

    @Test
    void clipByNormScalesAllGradientsTogether() {
        float[][] g = {{3}, {4}}; // global norm 5
        new GradientClip(0, 1).clip(g);
        double coef = 1 / (5 + 1e-6);
        assertEquals(3 * coef, g[0][0], 1e-7);
        assertEquals(4 * coef, g[1][0], 1e-7);
    }

    @Test
    void clipByNormLeavesSmallGradientsAlone() {
        float[][] g = {{0.3f}, {0.4f}};
        new GradientClip(0, 1).clip(g);
        assertArrayEquals(new float[] {0.3f}, g[0]);
        assertArrayEquals(new float[] {0.4f}, g[1]);
    }
}
