package dnnc.runtime.kernels;

/**
 * Max and average pooling over windows of {@code size} x {@code size} moved by {@code stride}, on a batch of
 * [C, H, W] examples, without padding (windows that would run past the edge are dropped, as in PyTorch).
 */
public final class Pool {
    /** Whether the 2x2 case takes {@link SimdPool}: where the Vector API is there; tests switch it off. */
    static volatile boolean simd = Gemm.SIMD;

    private Pool() {
    }

    public static int outSize(int size, int window, int stride) {
        return (size - window) / stride + 1;
    }

    /**
     * Poolings of at least this many input elements are split by planes between the threads, from fewer than
     * other loops ({@link Parallel#acquire(long, long)}): after a convolution that split its channels (a
     * prediction), each core then pools the channels it computed, in its own cache, instead of the other core
     * reading them over (one-example CNN prediction 30.8-31.3 -&gt; 28.0-28.9 µs, alternating runs). From 4K
     * since the pooling applies the ReLU that follows it ({@link #maxReluForward}): the DESIGN CNN's second
     * pooling (6 272 elements) then splits too, best of 30 rounds 25.4-28.2 -&gt; 24.1-24.2 µs.
     */
    static final long MIN_SPLIT_ELEMENTS = 1 << 12;

    /** out[n, C, OH, OW] = max of each window. */
    public static void maxForward(float[] x, float[] out, int n, int c, int h, int w, int size, int stride) {
        maxForward(x, out, n, c, h, w, size, stride, false);
    }

    /**
     * out[n, C, OH, OW] = relu(max of each window), what relu(maxpool(x)) computes ({@link ScalarOps#relu} of
     * {@link #maxForward}'s values), in one pass: each thread applies the ReLU to the planes it pooled, while
     * they are in its cache.
     */
    public static void maxReluForward(float[] x, float[] out, int n, int c, int h, int w, int size, int stride) {
        maxForward(x, out, n, c, h, w, size, stride, true);
    }

    private static void maxForward(float[] x, float[] out, int n, int c, int h, int w, int size, int stride,
                                   boolean relu) {
        int oh = outSize(h, size, stride);
        int ow = outSize(w, size, stride);
        if (size == 2 && stride == 2) {
            if (Parallel.acquire((long) n * c * h * w, MIN_SPLIT_ELEMENTS)) {
                MAX_2X2.set(x, null, out, h, w, oh, ow, false, relu);
                Parallel.shareAndRelease(MAX_2X2, n * c);
            } else {
                max2x2(x, out, 0, n * c, h, w, oh, ow, relu);
            }
            return;
        }
        for (int plane = 0; plane < n * c; plane++) {
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    float m = x[argmax(x, plane, h, w, oy * stride, ox * stride, size)];
                    out[(plane * oh + oy) * ow + ox] = relu ? ScalarOps.relu(m) : m;
                }
            }
        }
    }

    /** dx = g routed to the (first) largest element of each window; 0 elsewhere. */
    public static void maxBackward(float[] x, float[] g, float[] dx, int n, int c, int h, int w, int size, int stride) {
        int oh = outSize(h, size, stride);
        int ow = outSize(w, size, stride);
        if (size == 2 && stride == 2) {
            if (Parallel.acquire((long) n * c * h * w, MIN_SPLIT_ELEMENTS)) {
                MAX_2X2.set(x, g, dx, h, w, oh, ow, true, false);
                Parallel.shareAndRelease(MAX_2X2, n * c);
            } else {
                maxBackward2x2(x, g, dx, 0, n * c, h, w, oh, ow);
            }
            return;
        }
        java.util.Arrays.fill(dx, 0, n * c * h * w, 0f);
        for (int plane = 0; plane < n * c; plane++) {
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    dx[argmax(x, plane, h, w, oy * stride, ox * stride, size)] += g[(plane * oh + oy) * ow + ox];
                }
            }
        }
    }

    /** The common 2x2, stride 2 case, without the general window loop. */
    private static void max2x2(float[] x, float[] out, int p0, int p1, int h, int w, int oh, int ow, boolean relu) {
        if (simd) {
            SimdPool.max2x2(x, out, p0, p1, h, w, oh, ow, relu);
            return;
        }
        for (int plane = p0; plane < p1; plane++) {
            for (int oy = 0; oy < oh; oy++) {
                int top = (plane * h + 2 * oy) * w;
                maxRow(x, top, top + w, out, (plane * oh + oy) * ow, ow, relu);
            }
        }
    }

    /**
     * out[dst + ox] = the largest of the window at x[top + 2 ox] and x[bottom + 2 ox], for ox &lt; ow; with
     * {@code relu}, the ReLU of it (max with 0, as {@link ScalarOps#relu}).
     */
    static void maxRow(float[] x, int top, int bottom, float[] out, int dst, int ow, boolean relu) {
        float floor = relu ? 0f : Float.NEGATIVE_INFINITY;
        for (int ox = 0; ox < ow; ox++) {
            out[dst + ox] = Math.max(Math.max(Math.max(x[top + 2 * ox], x[top + 2 * ox + 1]),
                    Math.max(x[bottom + 2 * ox], x[bottom + 2 * ox + 1])), floor);
        }
    }

    /**
     * The 2x2, stride 2 case: every window writes all four of its elements (the gradient to the first largest,
     * 0 to the others), so dx needs clearing only where an odd edge row or column falls outside every window.
     * Which element is largest is as good as random, so it is chosen by selects between indices, which the JIT
     * compiles to conditional moves: branches on it would be mispredicted half the time.
     */
    private static void maxBackward2x2(float[] x, float[] g, float[] dx, int p0, int p1, int h, int w, int oh,
                                       int ow) {
        if (h % 2 != 0 || w % 2 != 0) {
            java.util.Arrays.fill(dx, p0 * h * w, p1 * h * w, 0f);
        } else if (simd) {
            SimdPool.maxBackward2x2(x, g, dx, p0, p1, h, w, oh, ow);
            return;
        }
        for (int plane = p0; plane < p1; plane++) {
            for (int oy = 0; oy < oh; oy++) {
                int top = (plane * h + 2 * oy) * w;
                int bottom = top + w;
                maxBackwardRow(x, g, (plane * oh + oy) * ow, dx, top, bottom, ow);
            }
        }
    }

    /** The gradient of one row of ow windows whose top-left inputs are x[top + 2 ox] and x[bottom + 2 ox]. */
    static void maxBackwardRow(float[] x, float[] g, int src, float[] dx, int top, int bottom, int ow) {
        for (int ox = 0; ox < ow; ox++) {
            int a = top + 2 * ox;
            int b = bottom + 2 * ox;
            float va = x[a], vb = x[a + 1], vc = x[b], vd = x[b + 1];
            dx[a] = 0f;
            dx[a + 1] = 0f;
            dx[b] = 0f;
            dx[b + 1] = 0f;
            // the first largest in row order, as the general path and maxForward pick it
            int upper = va >= vb ? a : a + 1;
            int lower = vc >= vd ? b : b + 1;
            dx[Math.max(va, vb) >= Math.max(vc, vd) ? upper : lower] = g[src + ox];
        }
    }

    private static final Max2x2 MAX_2X2 = new Max2x2();

    /** The 2x2 max pooling (forward or backward) being shared, over planes. */
    private static final class Max2x2 extends Parallel.Split {
        private float[] x, g, out;
        private int h, w, oh, ow;
        private boolean backward, relu;

        void set(float[] x, float[] g, float[] out, int h, int w, int oh, int ow, boolean backward, boolean relu) {
            this.x = x;
            this.g = g;
            this.out = out;
            this.h = h;
            this.w = w;
            this.oh = oh;
            this.ow = ow;
            this.backward = backward;
            this.relu = relu;
        }

        @Override
        void items(int from, int to) {
            if (backward) {
                maxBackward2x2(x, g, out, from, to, h, w, oh, ow);
            } else {
                max2x2(x, out, from, to, h, w, oh, ow, relu);
            }
        }

        @Override
        void clear() {
            x = g = out = null;
        }
    }

    private static int argmax(float[] x, int plane, int h, int w, int y0, int x0, int size) {
        int best = (plane * h + y0) * w + x0;
        for (int dy = 0; dy < size; dy++) {
            int row = (plane * h + y0 + dy) * w + x0;
            for (int dx = 0; dx < size; dx++) {
                if (x[row + dx] > x[best]) {
                    best = row + dx;
                }
            }
        }
        return best;
    }

    /** out[n, C, OH, OW] = mean of each window. */
    public static void avgForward(float[] x, float[] out, int n, int c, int h, int w, int size, int stride) {
        int oh = outSize(h, size, stride);
        int ow = outSize(w, size, stride);
        float scale = 1f / (size * size);
        for (int plane = 0; plane < n * c; plane++) {
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    float s = 0;
                    for (int dy = 0; dy < size; dy++) {
                        int row = (plane * h + oy * stride + dy) * w + ox * stride;
                        for (int dx = 0; dx < size; dx++) {
                            s += x[row + dx];
                        }
                    }
                    out[(plane * oh + oy) * ow + ox] = s * scale;
                }
            }
        }
    }

    /** dx = each window's gradient spread evenly over the window. */
    public static void avgBackward(float[] g, float[] dx, int n, int c, int h, int w, int size, int stride) {
        int oh = outSize(h, size, stride);
        int ow = outSize(w, size, stride);
        float scale = 1f / (size * size);
        java.util.Arrays.fill(dx, 0, n * c * h * w, 0f);
        for (int plane = 0; plane < n * c; plane++) {
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    float share = g[(plane * oh + oy) * ow + ox] * scale;
                    for (int dy = 0; dy < size; dy++) {
                        int row = (plane * h + oy * stride + dy) * w + ox * stride;
                        for (int dx2 = 0; dx2 < size; dx2++) {
                            dx[row + dx2] += share;
                        }
                    }
                }
            }
        }
    }
}
