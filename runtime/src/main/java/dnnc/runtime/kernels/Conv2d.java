package dnnc.runtime.kernels;

/**
 * 2-D convolution of a batch of [C, H, W] examples with O filters [C, KH, KW], zero padding {@code pad} and
 * stride {@code stride}, as one matrix product over the whole batch: the input is unfolded into rows, one
 * per output position (im2row), so that the product runs with m = n*OH*OW, which keeps the GEMM large and
 * lets it use both cores. Outputs are laid out [n, O, OH, OW] like the inputs. Scratch buffers are kept per
 * thread and grow once; no call allocates after the first.
 */
public final class Conv2d {
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[][] {
        new float[0], new float[0]});

    private Conv2d() {
    }

    public static int outSize(int size, int kernel, int stride, int pad) {
        return (size + 2 * pad - kernel) / stride + 1;
    }

    /** out[n, O, OH, OW] = conv(x[n, C, H, W], w[O, C, KH, KW]). */
    public static void forward(float[] x, float[] w, float[] out, int n, int c, int h, int wd, int o, int kh,
                               int kw, int stride, int pad) {
        int oh = outSize(h, kh, stride, pad);
        int ow = outSize(wd, kw, stride, pad);
        int rows = n * oh * ow;
        int k = c * kh * kw;
        float[] unfolded = scratch(0, rows * k);
        im2row(x, unfolded, n, c, h, wd, kh, kw, stride, pad, oh, ow);
        float[] product = scratch(1, rows * o);
        Gemm.gemm(false, true, rows, o, k, unfolded, w, product, false);
        rowsToChannels(product, out, n, o, oh * ow);
    }

    /** dw[O, C, KH, KW] = gradient of the loss for the filters, given g[n, O, OH, OW]. */
    public static void backwardWeight(float[] x, float[] g, float[] dw, int n, int c, int h, int wd, int o, int kh,
                                      int kw, int stride, int pad) {
        int oh = outSize(h, kh, stride, pad);
        int ow = outSize(wd, kw, stride, pad);
        int rows = n * oh * ow;
        int k = c * kh * kw;
        float[] unfolded = scratch(0, rows * k);
        im2row(x, unfolded, n, c, h, wd, kh, kw, stride, pad, oh, ow);
        float[] gRows = scratch(1, rows * o);
        channelsToRows(g, gRows, n, o, oh * ow);
        Gemm.gemm(true, false, o, k, rows, gRows, unfolded, dw, false);
    }

    /** dx[n, C, H, W] = gradient of the loss for the input, given g[n, O, OH, OW]. */
    public static void backwardInput(float[] g, float[] w, float[] dx, int n, int c, int h, int wd, int o, int kh,
                                     int kw, int stride, int pad) {
        int oh = outSize(h, kh, stride, pad);
        int ow = outSize(wd, kw, stride, pad);
        int rows = n * oh * ow;
        int k = c * kh * kw;
        float[] gRows = scratch(1, rows * o);
        channelsToRows(g, gRows, n, o, oh * ow);
        float[] unfolded = scratch(0, rows * k);
        Gemm.gemm(false, false, rows, k, o, gRows, w, unfolded, false);
        java.util.Arrays.fill(dx, 0, n * c * h * wd, 0f);
        row2im(unfolded, dx, n, c, h, wd, kh, kw, stride, pad, oh, ow);
    }

    /** One row per output position (i, y, x): the C*KH*KW input values its filter sees, 0 outside. */
    static void im2row(float[] x, float[] rows, int n, int c, int h, int wd, int kh, int kw, int stride, int pad,
                       int oh, int ow) {
        int k = c * kh * kw;
        for (int i = 0; i < n; i++) {
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    int row = ((i * oh + oy) * ow + ox) * k;
                    for (int ch = 0; ch < c; ch++) {
                        int plane = (i * c + ch) * h;
                        for (int ky = 0; ky < kh; ky++) {
                            int y = oy * stride - pad + ky;
                            int dst = row + (ch * kh + ky) * kw;
                            if (y < 0 || y >= h) {
                                java.util.Arrays.fill(rows, dst, dst + kw, 0f);
                                continue;
                            }
                            int src = (plane + y) * wd;
                            for (int kx = 0; kx < kw; kx++) {
                                int xx = ox * stride - pad + kx;
                                rows[dst + kx] = xx >= 0 && xx < wd ? x[src + xx] : 0f;
                            }
                        }
                    }
                }
            }
        }
    }

    /** The reverse of im2row: adds every row value back onto the input position it came from. */
    static void row2im(float[] rows, float[] dx, int n, int c, int h, int wd, int kh, int kw, int stride, int pad,
                       int oh, int ow) {
        int k = c * kh * kw;
        for (int i = 0; i < n; i++) {
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    int row = ((i * oh + oy) * ow + ox) * k;
                    for (int ch = 0; ch < c; ch++) {
                        int plane = (i * c + ch) * h;
                        for (int ky = 0; ky < kh; ky++) {
                            int y = oy * stride - pad + ky;
                            if (y < 0 || y >= h) {
                                continue;
                            }
                            int src = row + (ch * kh + ky) * kw;
                            int dst = (plane + y) * wd;
                            for (int kx = 0; kx < kw; kx++) {
                                int xx = ox * stride - pad + kx;
                                if (xx >= 0 && xx < wd) {
                                    dx[dst + xx] += rows[src + kx];
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /** [n*P, O] (one row per position) to [n, O, P]. */
    static void rowsToChannels(float[] rows, float[] out, int n, int o, int positions) {
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < positions; p++) {
                int src = (i * positions + p) * o;
                for (int ch = 0; ch < o; ch++) {
                    out[(i * o + ch) * positions + p] = rows[src + ch];
                }
            }
        }
    }

    /** [n, O, P] to [n*P, O]. */
    static void channelsToRows(float[] g, float[] rows, int n, int o, int positions) {
        for (int i = 0; i < n; i++) {
            for (int ch = 0; ch < o; ch++) {
                int src = (i * o + ch) * positions;
                for (int p = 0; p < positions; p++) {
                    rows[(i * positions + p) * o + ch] = g[src + p];
                }
            }
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
