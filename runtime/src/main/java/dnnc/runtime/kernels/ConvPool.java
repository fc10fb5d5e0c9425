package dnnc.runtime.kernels;

/**
 * A stride-1 convolution with its bias, then 2x2 max pooling with stride 2, then (when asked) a ReLU:
 * relu(maxpool(conv2d(x, w) + b)), for evaluation and prediction, where nothing reads the convolution's output
 * but the pooling. The values are those of {@link Conv2d#forward} followed by {@link Pool#maxForward} (or
 * {@link Pool#maxReluForward}), to the bit. On the SIMD path the convolution's product grid is pooled while it is
 * in the cache ({@link SimdPool#maxGrid2x2}), so its output is neither written nor read back nor, for one
 * example, handed to the other core (the DESIGN CNN's first convolution and its pooling, one example: 4.7-6.5 µs
 * against 7.5-9.8 in turn).
 */
public final class ConvPool {
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[][] {
        new float[0], new float[0], new float[0]});

    private ConvPool() {
    }

    /**
     * out[n, O, OH / 2, OW / 2] = relu (with {@code relu}) of the 2x2, stride 2 max pooling of conv(x[n, C, H, W],
     * w[O, C, KH, KW]) + bias[O] (no bias when null). Only stride 1 on the SIMD path is pooled from the grid;
     * otherwise each example goes through the two kernels in turn.
     */
    public static void forward(float[] x, float[] w, float[] bias, float[] out, int n, int c, int h, int wd, int o,
                               int kh, int kw, int stride, int pad, boolean relu) {
        int oh = Conv2d.outSize(h, kh, stride, pad), ow = Conv2d.outSize(wd, kw, stride, pad);
        if (stride != 1 || !Conv2d.direct) {
            for (int i = 0; i < n; i++) {
                unfused(x, w, bias, out, c, h, wd, o, kh, kw, stride, pad, relu, oh, ow, i);
            }
            return;
        }
        long work = (long) n * o * c * kh * kw * oh * ow;
        boolean channels = n == 1 && o > SimdConv.ROWS;   // one example: its channel tiles, as Conv2d.forward
        int items = channels ? (o + SimdConv.ROWS - 1) / SimdConv.ROWS : n;
        if (items > 1 && Parallel.acquire(work)) {
            SHARED.set(x, w, bias, out, c, h, wd, o, kh, kw, pad, relu, channels);
            Parallel.shareAndRelease(SHARED, items);
        } else {
            items(x, w, bias, out, c, h, wd, o, kh, kw, pad, relu, channels, 0, items);
        }
    }

    private static void items(float[] x, float[] w, float[] bias, float[] out, int c, int h, int wd, int o, int kh,
                              int kw, int pad, boolean relu, boolean channels, int i0, int i1) {
        if (channels) {
            example(x, w, bias, out, c, h, wd, o, kh, kw, pad, relu, 0, i0 * SimdConv.ROWS,
                    Math.min(o, i1 * SimdConv.ROWS));
            return;
        }
        for (int i = i0; i < i1; i++) {
            example(x, w, bias, out, c, h, wd, o, kh, kw, pad, relu, i, 0, o);
        }
    }

    /** Output channels [o0, o1) of example i on the SIMD path: padded, multiplied, pooled from the grid. */
    private static void example(float[] x, float[] w, float[] bias, float[] out, int c, int h, int wd, int o,
                                int kh, int kw, int pad, boolean relu, int i, int o0, int o1) {
        int wp = wd + 2 * pad, oh = h + 2 * pad - kh + 1, ow = wp - kw + 1;
        int ph = Pool.outSize(oh, 2, 2), pw = Pool.outSize(ow, 2, 2);
        float[] product = Conv2d.directProduct(x, w, c, h, wd, o, kh, kw, pad, i, o0, o1);
        SimdPool.maxGrid2x2(product, SimdConv.gridColumns(oh, wp), wp, bias, out, i * o * ph * pw, o0, o1, ph, pw,
                relu);
    }

    /**
     * Example i off the SIMD path: the convolution and the pooling as the separate kernels compute them, on a
     * copy of the example (their results do not depend on the batch the example is in).
     */
    private static void unfused(float[] x, float[] w, float[] bias, float[] out, int c, int h, int wd, int o,
                                int kh, int kw, int stride, int pad, boolean relu, int oh, int ow, int i) {
        int ph = Pool.outSize(oh, 2, 2), pw = Pool.outSize(ow, 2, 2);
        float[] example = scratch(0, c * h * wd), convolved = scratch(1, o * oh * ow), pooled = scratch(2, o * ph * pw);
        System.arraycopy(x, i * c * h * wd, example, 0, c * h * wd);
        Conv2d.forward(example, w, bias, convolved, 1, c, h, wd, o, kh, kw, stride, pad);
        if (relu) {
            Pool.maxReluForward(convolved, pooled, 1, o, oh, ow, 2, 2);
        } else {
            Pool.maxForward(convolved, pooled, 1, o, oh, ow, 2, 2);
        }
        System.arraycopy(pooled, 0, out, i * o * ph * pw, o * ph * pw);
    }

    private static final Shared SHARED = new Shared();

    /** The examples (or one example's channel tiles) being shared between the threads, and the arguments. */
    private static final class Shared extends Parallel.Split {
        private float[] x, w, bias, out;
        private int c, h, wd, o, kh, kw, pad;
        private boolean relu, channels;

        void set(float[] x, float[] w, float[] bias, float[] out, int c, int h, int wd, int o, int kh, int kw,
                 int pad, boolean relu, boolean channels) {
            this.x = x;
            this.w = w;
            this.bias = bias;
            this.out = out;
            this.c = c;
            this.h = h;
            this.wd = wd;
            this.o = o;
            this.kh = kh;
            this.kw = kw;
            this.pad = pad;
            this.relu = relu;
            this.channels = channels;
        }

        @Override
        void items(int i0, int i1) {
            ConvPool.items(x, w, bias, out, c, h, wd, o, kh, kw, pad, relu, channels, i0, i1);
        }

        @Override
        void clear() {
            x = w = bias = out = null;
        }
    }

    private static float[] scratch(int which, int size) {
        float[][] s = SCRATCH.get();
        if (s[which].length < size) {
            s[which] = new float[size];
        }
        return s[which];
    }
}
