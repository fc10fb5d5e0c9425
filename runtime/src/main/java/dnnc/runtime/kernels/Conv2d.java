package dnnc.runtime.kernels;

/**
 * 2-D convolution of a batch of [C, H, W] examples with O filters [C, KH, KW], zero padding {@code pad} and
 * stride {@code stride}, through matrix products on the input unfolded into columns (im2col): C*KH*KW rows
 * (taps) of OH*OW columns (output positions). Outputs are laid out [n, O, OH, OW] like the inputs. On the SIMD
 * path a stride-1 forward pass skips the columns: {@link SimdConv} reads the zero-padded example in place.
 *
 * <p>Every pass works one example at a time, the examples split between the two threads: an example's columns
 * (at most a few hundred KB) stay in the cache between the unfolding, the product and the folding back, and the
 * results land where they belong without reordering. The filters' gradient, a sum over every example, adds each
 * example's product into a partial sum per fixed group of examples (see {@link #WEIGHT_GROUPS}). Scratch buffers
 * are kept per thread and grow once; no call allocates after the first.
 */
public final class Conv2d {
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[][] {
        new float[0], new float[0], new float[0], new float[0], new float[0], new float[0], new float[0]});
    /** Scratch buffers holding {@link Columns}' tables, and the calling thread's flipped filters. */
    private static final int FOLD_TABLE = 4, UNFOLD_TABLE = 5, FLIPPED = 6;

    private Conv2d() {
    }

    public static int outSize(int size, int kernel, int stride, int pad) {
        return (size + 2 * pad - kernel) / stride + 1;
    }

    /** out[n, O, OH, OW] = conv(x[n, C, H, W], w[O, C, KH, KW]). */
    public static void forward(float[] x, float[] w, float[] out, int n, int c, int h, int wd, int o, int kh,
                               int kw, int stride, int pad) {
        forward(x, w, null, out, n, c, h, wd, o, kh, kw, stride, pad);
    }

    /**
     * out[n, O, OH, OW] = conv(x[n, C, H, W], w[O, C, KH, KW]) + bias[O] (no bias when null): the bias is added
     * as each example's result is copied out of the cache, the same float sum as a separate pass would make.
     */
    public static void forward(float[] x, float[] w, float[] bias, float[] out, int n, int c, int h, int wd, int o,
                               int kh, int kw, int stride, int pad) {
        long work = (long) n * o * c * kh * kw * outSize(h, kh, stride, pad) * outSize(wd, kw, stride, pad);
        if (n == 1 && stride == 1 && direct && o > SimdConv.ROWS) {
            // one example (a prediction): its output channels, in whole register tiles, split between the threads
            int tiles = (o + SimdConv.ROWS - 1) / SimdConv.ROWS;
            split(Work.FORWARD_CHANNELS, x, w, bias, out, 1, tiles, c, h, wd, o, kh, kw, stride, pad, work);
            return;
        }
        split(Work.FORWARD, x, w, bias, out, n, n, c, h, wd, o, kh, kw, stride, pad, work);
    }

    /**
     * Examples per filter-gradient group: each group of examples sums into its own partial gradient, and the
     * partials are added in group order. The groups depend on n only, so the result is the same, bit for bit,
     * whichever thread computes which group, and with one thread or two.
     */
    static final int WEIGHT_GROUPS = 4;
    /**
     * The filter gradient is computed as dot products of rows when there are at least this many output positions
     * per tap: 9 taps over 784 positions take a fifth of the product's time, 72 over 196 three times as long.
     */
    static final int DOT_MIN_POSITIONS_PER_TAP = 16;

    /**
     * dw[O, C, KH, KW] = gradient of the loss for the filters, given g[n, O, OH, OW]: the sum over examples of
     * g_i[O, P] x columns_i[K, P]^T, one example at a time while its columns are in the cache (see
     * {@link #weightGroup}). Examples go in {@link #WEIGHT_GROUPS} groups split between the threads.
     */
    public static void backwardWeight(float[] x, float[] g, float[] dw, int n, int c, int h, int wd, int o, int kh,
                                      int kw, int stride, int pad) {
        int k = c * kh * kw;
        int groups = Math.min(WEIGHT_GROUPS, n);
        float[] partials = scratch(2, groups * k * o);
        long work = (long) n * o * k * outSize(h, kh, stride, pad) * outSize(wd, kw, stride, pad);
        split(Work.FILTER_GROUPS, x, g, null, partials, n, groups, c, h, wd, o, kh, kw, stride, pad, work);
        for (int at = 0; at < o * k; at++) {
            float sum = partials[at];
            for (int group = 1; group < groups; group++) {
                sum += partials[group * o * k + at];
            }
            dw[at] = sum;
        }
    }

    /**
     * dx[n, C, H, W] = gradient of the loss for the input, given g[n, O, OH, OW]: as a convolution of g on the
     * SIMD path when it can be one ({@link #directInputExample}), otherwise through columns folded back.
     */
    public static void backwardInput(float[] g, float[] w, float[] dx, int n, int c, int h, int wd, int o, int kh,
                                     int kw, int stride, int pad) {
        long work = (long) n * o * c * kh * kw * outSize(h, kh, stride, pad) * outSize(wd, kw, stride, pad);
        if (direct && stride == 1 && kh == kw && pad <= kh - 1) {
            float[] flipped = scratch(FLIPPED, w.length);
            flip(w, flipped, o, c, kh * kw);
            split(Work.BACKWARD_INPUT_DIRECT, g, flipped, null, dx, n, n, c, h, wd, o, kh, kw, stride, pad, work);
        } else {
            split(Work.BACKWARD_INPUT, g, w, null, dx, n, n, c, h, wd, o, kh, kw, stride, pad, work);
        }
    }


    /**
     * Unfolds the batch into columns [C*KH*KW, n*OH*OW]: row (ch, ky, kx) holds, for every example and output
     * position (i, oy, ox), the input value that filter tap multiplies (0 in the padding). For tests: the kernels
     * unfold one example at a time.
     */
    static void im2col(float[] x, float[] columns, int n, int c, int h, int wd, int kh, int kw, int stride, int pad) {
        int positions = outSize(h, kh, stride, pad) * outSize(wd, kw, stride, pad);
        float[] table = new float[Columns.tableLength(h, wd, kh, kw, pad)];
        for (int i = 0; i < n; i++) {
            Columns.unfold(x, i * c * h * wd, columns, i * positions, n * positions, c, h, wd, kh, kw, stride, pad,
                    table);
        }
    }

    // ---- one example

    /**
     * out_i[O, P] = w[O, K] x columns_i[K, P] (+ bias[O]), for examples [i0, i1), a few examples per product
     * (see {@link #examplesPerProduct}): their columns side by side, [K, G*P]. Stride 1 on the SIMD path goes
     * through {@link #directExample} instead.
     */
    private static void forward(float[] x, float[] w, float[] bias, float[] out, int c, int h, int wd, int o, int kh,
                                int kw, int stride, int pad, int i0, int i1) {
        if (stride == 1 && direct) {
            for (int i = i0; i < i1; i++) {
                directExample(x, w, bias, out, c, h, wd, o, kh, kw, pad, i, 0, o);
            }
            return;
        }
        int positions = outSize(h, kh, stride, pad) * outSize(wd, kw, stride, pad);
        int k = c * kh * kw;
        int group = examplesPerProduct(k, positions);
        float[] columns = scratch(0, k * group * positions);
        float[] product = scratch(1, o * group * positions);
        float[] table = scratch(UNFOLD_TABLE, Columns.tableLength(h, wd, kh, kw, pad));
        for (int i = i0; i < i1; i += group) {
            int examples = Math.min(group, i1 - i), span = examples * positions;
            for (int j = 0; j < examples; j++) {
                Columns.unfold(x, (i + j) * c * h * wd, columns, j * positions, span, c, h, wd, kh, kw, stride, pad,
                        table);
            }
            Gemm.gemm(false, false, o, span, k, w, columns, product, false);
            for (int j = 0; j < examples; j++) {
                for (int ch = 0; ch < o; ch++) {
                    int from = ch * span + j * positions, at = ((i + j) * o + ch) * positions;
                    if (bias == null) {
                        System.arraycopy(product, from, out, at, positions);
                    } else {
                        addBias(product, from, bias[ch], out, at, positions);
                    }
                }
            }
        }
    }

    /**
     * Examples that go through one product, side by side: a product a few hundred columns wide wastes less on
     * its ragged last strip and its edges (a 32 x 196 x 144 product runs at 77 GFLOP/s on one core, 32 x 784 x 144
     * at 87), as long as their columns stay in the cache (at most 512 KB, 2048 positions).
     */
    static int examplesPerProduct(int taps, int positions) {
        int byCache = (1 << 17) / Math.max(1, taps * positions);
        return Math.max(1, Math.min(byCache, 2048 / Math.max(1, positions)));
    }

    /**
     * Whether stride-1 convolutions go through {@link SimdConv} and {@link SimdFilterGradient} (the SIMD path)
     * instead of unfolded columns: the forward pass and the filter gradient to the same bits, the input gradient
     * (square kernels) in another order of its sums. Tests turn it off to compare.
     */
    static volatile boolean direct = Gemm.SIMD;

    /**
     * Output channels [o0, o1) of example i with {@link SimdConv}, on the example padded instead of unfolded. Each
     * thread pads the example into its own cache: reading the padded copy another core just wrote cost more than
     * making it (one example's second convolution, two threads: 15.6-16.7 -&gt; 14.3-15.6 µs; the first: 5.5-7.6
     * -&gt; 3.0-3.5 µs).
     */
    private static void directExample(float[] x, float[] w, float[] bias, float[] out, int c, int h, int wd, int o,
                                      int kh, int kw, int pad, int i, int o0, int o1) {
        int wp = wd + 2 * pad, oh = h + 2 * pad - kh + 1, ow = wp - kw + 1;
        float[] product = directProduct(x, w, c, h, wd, o, kh, kw, pad, i, o0, o1);
        SimdConv.copyOut(product, SimdConv.gridColumns(oh, wp), wp, bias, out, i * o * oh * ow, o0, o1, oh, ow);
    }

    /**
     * Example i padded and multiplied with the filters of output channels [o0, o1) by {@link SimdConv}: this
     * thread's product grid, SimdConv.gridColumns(OH, W + 2 pad) columns per channel, rows W + 2 pad apart. For
     * {@link #directExample} and {@link ConvPool}, which copy it out or pool it.
     */
    static float[] directProduct(float[] x, float[] w, int c, int h, int wd, int o, int kh, int kw, int pad, int i,
                                 int o0, int o1) {
        int hp = h + 2 * pad, wp = wd + 2 * pad, oh = hp - kh + 1;
        int columns = SimdConv.gridColumns(oh, wp), size = SimdConv.paddedSize(c, hp, wp, kh, kw);
        float[] padded = scratch(0, size);
        float[] product = scratch(1, o * columns);
        SimdConv.pad(x, i * c * h * wd, padded, size, c, h, wd, pad);
        SimdConv.product(w, padded, product, columns, c, hp, wp, kh, kw, o0, o1);
        return product;
    }

    /** out[at + p] = product[from + p] + b for p &lt; length. */
    private static void addBias(float[] product, int from, float b, float[] out, int at, int length) {
        for (int p = 0; p < length; p++) {
            out[at + p] = product[from + p] + b;
        }
    }

    /** columns_i[K, P] = w^T x g_i[O, P], folded back onto dx_i, for examples [i0, i1), a few per product. */
    private static void backwardInput(float[] g, float[] w, float[] dx, int c, int h, int wd, int o, int kh, int kw,
                                      int stride, int pad, int i0, int i1) {
        int positions = outSize(h, kh, stride, pad) * outSize(wd, kw, stride, pad);
        int k = c * kh * kw;
        int group = examplesPerProduct(k, positions);
        float[] columns = scratch(0, k * group * positions);
        float[] gradient = scratch(1, o * group * positions);
        float[] table = scratch(FOLD_TABLE, Columns.tableLength(h, wd, kh, kw, pad));
        for (int i = i0; i < i1; i += group) {
            int examples = Math.min(group, i1 - i), span = examples * positions;
            for (int j = 0; j < examples; j++) {   // g_i side by side, [O, G*P]
                for (int ch = 0; ch < o; ch++) {
                    System.arraycopy(g, ((i + j) * o + ch) * positions, gradient, ch * span + j * positions, positions);
                }
            }
            Gemm.gemm(true, false, k, span, o, w, gradient, columns, false);
            for (int j = 0; j < examples; j++) {
                Columns.fold(columns, j * positions, span, dx, (i + j) * c * h * wd, c, h, wd, kh, kw, stride, pad,
                        table);
            }
        }
    }

    /**
     * flipped[C, O, KH * KW] = w[O, C, KH * KW] with each filter turned by half a circle: tap t of w is tap
     * taps - 1 - t of flipped. The filters of the convolution that {@link #directInputExample} computes.
     */
    private static void flip(float[] w, float[] flipped, int o, int c, int taps) {
        for (int oc = 0; oc < o; oc++) {
            for (int ch = 0; ch < c; ch++) {
                for (int t = 0; t < taps; t++) {
                    flipped[(ch * o + oc) * taps + taps - 1 - t] = w[(oc * c + ch) * taps + t];
                }
            }
        }
    }

    /**
     * dx_i on the SIMD path for a stride-1 convolution with a square kernel: the input gradient is itself a
     * stride-1 convolution, of g_i padded by kh - 1 - pad with the filters flipped and their channels swapped,
     * so it goes through {@link SimdConv} as the forward pass does, without columns to fold back (the DESIGN
     * CNN's second convolution, a batch on one thread: 0.74-0.96 of the time). Each element sums the same
     * products as the columns' fold, in another order.
     */
    private static void directInputExample(float[] g, float[] flipped, float[] dx, int c, int h, int wd, int o,
                                           int k, int pad, int i) {
        // the forward pass with the roles swapped: O channels of OH x OW in, C of H x W out, padding k - 1 - pad
        directExample(g, flipped, null, dx, o, outSize(h, k, 1, pad), outSize(wd, k, 1, pad), c, k, k, k - 1 - pad,
                i, 0, c);
    }

    /**
     * partials[group][O, K] = the sum over the group's examples of g_i x columns_i^T. Few taps over many positions
     * (a first layer) take {@link SimdDot}'s dot products of whole rows; otherwise the product is computed
     * transposed, columns_i x g_i^T, where the columns need no packing.
     */
    private static void weightGroup(float[] x, float[] g, float[] partials, int n, int groups, int group, int c,
                                    int h, int wd, int o, int kh, int kw, int stride, int pad) {
        int positions = outSize(h, kh, stride, pad) * outSize(wd, kw, stride, pad);
        int k = c * kh * kw;
        boolean dots = Gemm.SIMD && positions >= DOT_MIN_POSITIONS_PER_TAP * k;
        float[] partialT = dots ? null : scratch(3, k * o);
        int i0 = (int) ((long) n * group / groups), i1 = (int) ((long) n * (group + 1) / groups);
        if (!dots && stride == 1 && direct) {
            directWeightGroup(x, g, partialT, c, h, wd, o, kh, kw, pad, i0, i1);
            transposeInto(partialT, partials, group * o * k, k, o);
            return;
        }
        float[] columns = scratch(0, k * positions);
        float[] gradient = dots ? null : scratch(1, o * positions);
        float[] table = scratch(UNFOLD_TABLE, Columns.tableLength(h, wd, kh, kw, pad));
        for (int i = i0; i < i1; i++) {
            Columns.unfold(x, i * c * h * wd, columns, 0, positions, c, h, wd, kh, kw, stride, pad, table);
            if (dots) {
                SimdDot.abt(o, k, positions, g, i * o * positions, columns, 0, partials, group * o * k, i > i0);
            } else {
                System.arraycopy(g, i * o * positions, gradient, 0, o * positions);   // the product reads from 0
                Gemm.gemm(false, true, k, o, positions, columns, gradient, partialT, i > i0);
            }
        }
        if (!dots) {
            transposeInto(partialT, partials, group * o * k, k, o);
        }
    }

    /**
     * partialT[K, O] = the sum over examples [i0, i1) of columns_i x g_i^T as {@link #weightGroup} computes it, on
     * the SIMD path for stride 1: from each example padded in place, without its columns ({@link
     * SimdFilterGradient}; the same floats).
     */
    private static void directWeightGroup(float[] x, float[] g, float[] partialT, int c, int h, int wd, int o,
                                          int kh, int kw, int pad, int i0, int i1) {
        int hp = h + 2 * pad, wp = wd + 2 * pad, oh = hp - kh + 1, ow = wp - kw + 1, positions = oh * ow;
        int size = SimdConv.paddedSize(c, hp, wp, kh, kw);
        float[] padded = scratch(0, size);
        float[] transposed = scratch(1, SimdFilterGradient.transposedSize(o, positions));
        int[] taps = SimdConv.taps(c, hp, wp, kh, kw), grid = SimdFilterGradient.grid(oh, ow, wp);
        for (int i = i0; i < i1; i++) {
            SimdConv.pad(x, i * c * h * wd, padded, size, c, h, wd, pad);
            SimdFilterGradient.transpose(g, i * o * positions, o, positions, transposed);
            SimdFilterGradient.accumulate(padded, taps, c * kh * kw, grid, positions, transposed, o, partialT,
                    i == i0);
        }
    }

    /** to[at + ch * k + tap] = from[tap * o + ch]: a group's sums [K, O] into the filters' layout [O, K]. */
    private static void transposeInto(float[] from, float[] to, int at, int k, int o) {
        for (int tap = 0; tap < k; tap++) {
            for (int ch = 0; ch < o; ch++) {
                to[at + ch * k + tap] = from[tap * o + ch];
            }
        }
    }

    /** The first output column whose tap kx falls inside the input (x = ox*stride - pad + kx >= 0). */
    static int firstInside(int kx, int pad, int stride) {
        int need = pad - kx;
        return need <= 0 ? 0 : (need + stride - 1) / stride;
    }

    /** One past the last output column whose tap kx falls inside the input (x < wd). */
    static int lastInside(int kx, int pad, int stride, int wd, int ow) {
        int limit = wd + pad - kx;   // ox*stride < limit
        return Math.max(0, Math.min(ow, limit <= 0 ? 0 : (limit + stride - 1) / stride));
    }

    // ---- work over examples (or groups of them), split between the threads

    private enum Work { FORWARD, BACKWARD_INPUT, BACKWARD_INPUT_DIRECT, FILTER_GROUPS, FORWARD_CHANNELS }

    /**
     * Runs {@code work} over its items (n examples, or the filter gradient's groups of them), split between the
     * two threads when it is large enough. One item is not split here, which leaves the worker to the products;
     * a one-example forward pass on the SIMD path comes as its channel tiles instead ({@link #forward}).
     */
    private static void split(Work work, float[] from, float[] w, float[] bias, float[] to, int n, int items, int c,
                              int h, int wd, int o, int kh, int kw, int stride, int pad, long size) {
        if (items > 1 && Parallel.acquire(size)) {
            SHARED.set(work, from, w, bias, to, n, c, h, wd, o, kh, kw, stride, pad);
            Parallel.shareAndRelease(SHARED, items);
        } else {
            items(work, from, w, bias, to, n, c, h, wd, o, kh, kw, stride, pad, 0, items);
        }
    }

    /** {@code work} for items [i0, i1). */
    private static void items(Work work, float[] from, float[] w, float[] bias, float[] to, int n, int c, int h,
                              int wd, int o, int kh, int kw, int stride, int pad, int i0, int i1) {
        switch (work) {
            case FORWARD -> forward(from, w, bias, to, c, h, wd, o, kh, kw, stride, pad, i0, i1);
            case BACKWARD_INPUT -> backwardInput(from, w, to, c, h, wd, o, kh, kw, stride, pad, i0, i1);
            case BACKWARD_INPUT_DIRECT -> {
                for (int i = i0; i < i1; i++) {
                    directInputExample(from, w, to, c, h, wd, o, kh, pad, i);
                }
            }
            case FILTER_GROUPS -> {
                for (int group = i0; group < i1; group++) {
                    weightGroup(from, w, to, n, Math.min(WEIGHT_GROUPS, n), group, c, h, wd, o, kh, kw, stride, pad);
                }
            }
            case FORWARD_CHANNELS -> directExample(from, w, bias, to, c, h, wd, o, kh, kw, pad, 0, i0 * SimdConv.ROWS,
                    Math.min(o, i1 * SimdConv.ROWS));
            default -> throw new IllegalStateException(work.toString());
        }
    }

    private static final Shared SHARED = new Shared();

    /** The work being shared between the threads and its arguments. */
    private static final class Shared extends Parallel.Split {
        private Work work;
        private float[] from, w, bias, to;
        private int n, c, h, wd, o, kh, kw, stride, pad;

        void set(Work work, float[] from, float[] w, float[] bias, float[] to, int n, int c, int h, int wd, int o,
                 int kh, int kw, int stride, int pad) {
            this.work = work;
            this.from = from;
            this.w = w;
            this.bias = bias;
            this.to = to;
            this.n = n;
            this.c = c;
            this.h = h;
            this.wd = wd;
            this.o = o;
            this.kh = kh;
            this.kw = kw;
            this.stride = stride;
            this.pad = pad;
        }

        @Override
        void items(int i0, int i1) {
            Conv2d.items(work, from, w, bias, to, n, c, h, wd, o, kh, kw, stride, pad, i0, i1);
        }

        @Override
        void clear() {
            from = w = bias = to = null;
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
