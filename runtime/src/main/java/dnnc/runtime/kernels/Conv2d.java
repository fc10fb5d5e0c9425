package dnnc.runtime.kernels;

/**
 * 2-D convolution of a batch of [C, H, W] examples with O filters [C, KH, KW], zero padding {@code pad} and
 * stride {@code stride}, as one matrix product over the whole batch: the input is unfolded into C*KH*KW rows
 * of n*OH*OW columns (im2col), so that the product [O, C*KH*KW] x [C*KH*KW, n*OH*OW] is large enough to use
 * both cores. Outputs are laid out [n, O, OH, OW] like the inputs. Scratch buffers are kept per
 * thread and grow once; no call allocates after the first.
 */
public final class Conv2d {
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[][] {
        new float[0], new float[0], new float[0]});

    private Conv2d() {
    }

    public static int outSize(int size, int kernel, int stride, int pad) {
        return (size + 2 * pad - kernel) / stride + 1;
    }

    /** out[n, O, OH, OW] = conv(x[n, C, H, W], w[O, C, KH, KW]). */
    public static void forward(float[] x, float[] w, float[] out, int n, int c, int h, int wd, int o, int kh,
                               int kw, int stride, int pad) {
        int positions = outSize(h, kh, stride, pad) * outSize(wd, kw, stride, pad);
        int k = c * kh * kw;
        float[] columns = scratch(0, k * n * positions);
        im2col(x, columns, n, c, h, wd, kh, kw, stride, pad);
        float[] product = scratch(1, o * n * positions);
        Gemm.gemm(false, false, o, n * positions, k, w, columns, product, false);
        channelsFirst(product, out, n, o, positions);
    }

    /**
     * dw[O, C, KH, KW] = gradient of the loss for the filters, given g[n, O, OH, OW]. Computed transposed, as
     * dw^T[C*KH*KW, O] = columns x g^T with g^T laid out [n*OH*OW, O]: both factors of dw = g x columns^T run
     * along the batch's positions, and this way round neither needs transposing inside the product (which would
     * cost a strided copy of the whole batch).
     */
    public static void backwardWeight(float[] x, float[] g, float[] dw, int n, int c, int h, int wd, int o, int kh,
                                      int kw, int stride, int pad) {
        int positions = outSize(h, kh, stride, pad) * outSize(wd, kw, stride, pad);
        int k = c * kh * kw;
        float[] columns = scratch(0, k * n * positions);
        im2col(x, columns, n, c, h, wd, kh, kw, stride, pad);
        float[] gByPosition = scratch(1, o * n * positions);
        channelsLast(g, gByPosition, n, o, positions);
        float[] dwT = scratch(2, k * o);
        Gemm.gemm(false, false, k, o, n * positions, columns, gByPosition, dwT, false);
        for (int tap = 0; tap < k; tap++) {
            for (int ch = 0; ch < o; ch++) {
                dw[ch * k + tap] = dwT[tap * o + ch];
            }
        }
    }

    /** dx[n, C, H, W] = gradient of the loss for the input, given g[n, O, OH, OW]. */
    public static void backwardInput(float[] g, float[] w, float[] dx, int n, int c, int h, int wd, int o, int kh,
                                     int kw, int stride, int pad) {
        int positions = outSize(h, kh, stride, pad) * outSize(wd, kw, stride, pad);
        int k = c * kh * kw;
        float[] gByChannel = scratch(1, o * n * positions);
        batchFirst(g, gByChannel, n, o, positions);
        float[] columns = scratch(0, k * n * positions);
        Gemm.gemm(true, false, k, n * positions, o, w, gByChannel, columns, false);
        col2im(columns, dx, n, c, h, wd, kh, kw, stride, pad);
    }

    /**
     * Unfolds the batch into columns: row (ch, ky, kx) of {@code columns} holds, for every example and output
     * position (i, oy, ox), the input value that filter tap multiplies (0 in the padding). For stride 1 each
     * output row is a contiguous copy of an input row.
     */
    static void im2col(float[] x, float[] columns, int n, int c, int h, int wd, int kh, int kw, int stride, int pad) {
        byExamples(Layout.IM2COL, x, columns, n, c, h, wd, kh, kw, stride, pad, 0, 0);
    }

    /** im2col for examples [i0, i1). */
    private static void im2col(float[] x, float[] columns, int n, int c, int h, int wd, int kh, int kw, int stride,
                               int pad, int i0, int i1) {
        int oh = outSize(h, kh, stride, pad);
        int ow = outSize(wd, kw, stride, pad);
        int span = n * oh * ow;
        for (int ch = 0; ch < c; ch++) {
            for (int ky = 0; ky < kh; ky++) {
                for (int kx = 0; kx < kw; kx++) {
                    int row = ((ch * kh + ky) * kw + kx) * span;
                    int lo = firstInside(kx, pad, stride);
                    int hi = lastInside(kx, pad, stride, wd, ow);
                    if (stride == 1 && ow == wd && lo < hi) {
                        sameSizeTap(x, columns, row, i0, i1, c, ch, h, wd, oh, ky - pad, kx - pad, lo, hi);
                        continue;
                    }
                    for (int i = i0; i < i1; i++) {
                        for (int oy = 0; oy < oh; oy++) {
                            int dst = row + (i * oh + oy) * ow;
                            int y = oy * stride - pad + ky;
                            if (y < 0 || y >= h || lo >= hi) {
                                java.util.Arrays.fill(columns, dst, dst + ow, 0f);
                                continue;
                            }
                            int src = ((i * c + ch) * h + y) * wd - pad + kx;
                            java.util.Arrays.fill(columns, dst, dst + lo, 0f);
                            if (stride == 1) {
                                System.arraycopy(x, src + lo, columns, dst + lo, hi - lo);
                            } else {
                                for (int ox = lo; ox < hi; ox++) {
                                    columns[dst + ox] = x[src + ox * stride];
                                }
                            }
                            java.util.Arrays.fill(columns, dst + hi, dst + ow, 0f);
                        }
                    }
                }
            }
        }
    }

    /**
     * One tap's row of im2col for a stride-1 convolution whose output rows are as wide as the input's ("same"
     * padding): output row oy, column ox reads input row oy + dy, column ox + dx, so all rows inside the image
     * are one contiguous copy, after which the few columns that fell outside (ox &lt; lo, ox &gt;= hi), and the
     * rows that did, are set to 0. This replaces three calls per output row with one per example.
     */
    private static void sameSizeTap(float[] x, float[] columns, int row, int i0, int i1, int c, int ch, int h, int wd,
                                    int oh, int dy, int dx, int lo, int hi) {
        int firstRow = Math.max(0, -dy), endRow = Math.min(oh, h - dy);
        for (int i = i0; i < i1; i++) {
            int dst = row + i * oh * wd;
            if (firstRow >= endRow) {
                java.util.Arrays.fill(columns, dst, dst + oh * wd, 0f);
                continue;
            }
            java.util.Arrays.fill(columns, dst, dst + firstRow * wd, 0f);
            int src = ((i * c + ch) * h + firstRow + dy) * wd + dx;
            int from = firstRow * wd + lo, to = (endRow - 1) * wd + hi;
            System.arraycopy(x, src + lo, columns, dst + from, to - from);
            for (int oy = firstRow; oy < endRow; oy++) {
                int r = dst + oy * wd;
                for (int ox = 0; ox < lo; ox++) {
                    columns[r + ox] = 0f;
                }
                for (int ox = hi; ox < wd; ox++) {
                    columns[r + ox] = 0f;
                }
            }
            java.util.Arrays.fill(columns, dst + endRow * wd, dst + oh * wd, 0f);
        }
    }

    /** The reverse of im2col: adds every column value back onto the input position it came from. */
    static void col2im(float[] columns, float[] dx, int n, int c, int h, int wd, int kh, int kw, int stride, int pad) {
        byExamples(Layout.COL2IM, columns, dx, n, c, h, wd, kh, kw, stride, pad, 0, 0);
    }

    /** col2im for examples [i0, i1), whose part of dx it first clears. */
    private static void col2im(float[] columns, float[] dx, int n, int c, int h, int wd, int kh, int kw, int stride,
                               int pad, int i0, int i1) {
        java.util.Arrays.fill(dx, i0 * c * h * wd, i1 * c * h * wd, 0f);
        int oh = outSize(h, kh, stride, pad);
        int ow = outSize(wd, kw, stride, pad);
        int span = n * oh * ow;
        for (int ch = 0; ch < c; ch++) {
            for (int ky = 0; ky < kh; ky++) {
                for (int kx = 0; kx < kw; kx++) {
                    int row = ((ch * kh + ky) * kw + kx) * span;
                    int lo = firstInside(kx, pad, stride);
                    int hi = lastInside(kx, pad, stride, wd, ow);
                    for (int i = i0; i < i1; i++) {
                        for (int oy = 0; oy < oh; oy++) {
                            int y = oy * stride - pad + ky;
                            if (y < 0 || y >= h) {
                                continue;
                            }
                            int src = row + (i * oh + oy) * ow;
                            int dst = ((i * c + ch) * h + y) * wd - pad + kx;
                            if (stride == 1) {   // a unit stride the JIT can vectorize
                                for (int ox = lo; ox < hi; ox++) {
                                    dx[dst + ox] += columns[src + ox];
                                }
                            } else {
                                for (int ox = lo; ox < hi; ox++) {
                                    dx[dst + ox * stride] += columns[src + ox];
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /** The first output column whose tap kx falls inside the input (x = ox*stride - pad + kx >= 0). */
    private static int firstInside(int kx, int pad, int stride) {
        int need = pad - kx;
        return need <= 0 ? 0 : (need + stride - 1) / stride;
    }

    /** One past the last output column whose tap kx falls inside the input (x < wd). */
    private static int lastInside(int kx, int pad, int stride, int wd, int ow) {
        int limit = wd + pad - kx;   // ox*stride < limit
        return Math.max(0, Math.min(ow, limit <= 0 ? 0 : (limit + stride - 1) / stride));
    }

    /** [O, n*P] to [n, O, P]. */
    static void channelsFirst(float[] product, float[] out, int n, int o, int positions) {
        reorder(Layout.CHANNELS_FIRST, product, out, n, o, positions);
    }

    /** [n, O, P] to [n*P, O]: each example's O x P block transposed. */
    static void channelsLast(float[] g, float[] byPosition, int n, int o, int positions) {
        reorder(Layout.CHANNELS_LAST, g, byPosition, n, o, positions);
    }

    /** [n, O, P] to [O, n*P]. */
    static void batchFirst(float[] g, float[] byChannel, int n, int o, int positions) {
        reorder(Layout.BATCH_FIRST, g, byChannel, n, o, positions);
    }

    private static void reorder(Layout layout, float[] from, float[] to, int n, int o, int positions) {
        byExamples(layout, from, to, n, 0, 0, 0, 0, 0, 0, 0, o, positions);
    }

    /** Runs a change of layout over all n examples, split between the two threads when it is large enough. */
    private static void byExamples(Layout layout, float[] from, float[] to, int n, int c, int h, int wd, int kh,
                                   int kw, int stride, int pad, int o, int positions) {
        boolean unfolds = layout == Layout.IM2COL || layout == Layout.COL2IM;
        if (Parallel.acquire(unfolds ? (long) n * c * kh * kw * h * wd : (long) n * o * positions)) {
            LAYOUT.set(layout, from, to, n, c, h, wd, kh, kw, stride, pad, o, positions);
            Parallel.shareAndRelease(LAYOUT, n);
        } else {
            examples(layout, from, to, n, c, h, wd, kh, kw, stride, pad, o, positions, 0, n);
        }
    }

    /** The change of layout for examples [i0, i1). */
    private static void examples(Layout layout, float[] from, float[] to, int n, int c, int h, int wd, int kh, int kw,
                                 int stride, int pad, int o, int positions, int i0, int i1) {
        if (layout == Layout.IM2COL) {
            im2col(from, to, n, c, h, wd, kh, kw, stride, pad, i0, i1);
        } else if (layout == Layout.COL2IM) {
            col2im(from, to, n, c, h, wd, kh, kw, stride, pad, i0, i1);
        } else {
            reorder(layout, from, to, n, o, positions, i0, i1);
        }
    }

    /** One of the reorderings above, for examples [i0, i1) (n, the batch size, is in the layouts' strides). */
    private static void reorder(Layout layout, float[] from, float[] to, int n, int o, int positions, int i0,
                                int i1) {
        for (int i = i0; i < i1; i++) {
            for (int ch = 0; ch < o; ch++) {
                int example = (i * o + ch) * positions, channel = (ch * n + i) * positions;
                if (layout == Layout.CHANNELS_FIRST) {
                    System.arraycopy(from, channel, to, example, positions);
                } else if (layout == Layout.BATCH_FIRST) {
                    System.arraycopy(from, example, to, channel, positions);
                } else {
                    for (int p = 0, base = i * o * positions; p < positions; p++) {
                        to[base + p * o + ch] = from[example + p];
                    }
                }
            }
        }
    }

    private enum Layout { IM2COL, COL2IM, CHANNELS_FIRST, CHANNELS_LAST, BATCH_FIRST }

    private static final Reshaping LAYOUT = new Reshaping();

    /** The change of layout being shared between the threads, over examples. */
    private static final class Reshaping extends Parallel.Split {
        private Layout layout;
        private float[] from, to;
        private int n, c, h, wd, kh, kw, stride, pad, o, positions;

        void set(Layout layout, float[] from, float[] to, int n, int c, int h, int wd, int kh, int kw, int stride,
                 int pad, int o, int positions) {
            this.layout = layout;
            this.from = from;
            this.to = to;
            this.n = n;
            this.c = c;
            this.h = h;
            this.wd = wd;
            this.kh = kh;
            this.kw = kw;
            this.stride = stride;
            this.pad = pad;
            this.o = o;
            this.positions = positions;
        }

        @Override
        void items(int i0, int i1) {
            examples(layout, from, to, n, c, h, wd, kh, kw, stride, pad, o, positions, i0, i1);
        }

        @Override
        void clear() {
            from = to = null;
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
