package dnnc.runtime.kernels;

import java.util.Arrays;

/**
 * A convolution's input unfolded into columns (im2col) and folded back, one example at a time. Tap r = (ch, ky,
 * kx) of the filters is row r of the columns, at columns[colOff + r * rowStride]; its value at output position
 * (oy, ox), index oy*OW + ox, is the input value that the tap multiplies there, 0 where that lies in the padding.
 * For a stride-1 convolution whose output rows are as wide as the input's, the SIMD path reads every tap as the
 * input plane shifted, with a table of which positions lie inside (see {@link #insideTable}).
 */
final class Columns {
    /** Whether stride-1 same-size convolutions take {@link SimdArrays}' loops; the same floats. Tests turn it off. */
    static volatile boolean simd = Gemm.SIMD;

    private Columns() {
    }

    /** Unfolds one example, x[xOff ...], into the columns. {@code table}: scratch of {@link #tableLength}. */
    static void unfold(float[] x, int xOff, float[] columns, int colOff, int rowStride, int c, int h, int wd, int kh,
                       int kw, int stride, int pad, float[] table) {
        int oh = Conv2d.outSize(h, kh, stride, pad);
        int ow = Conv2d.outSize(wd, kw, stride, pad);
        if (simd && stride == 1 && ow == wd) {
            // Copying each tap's rows and then zeroing the values from the padding one by one left the product
            // reading vectors across those fresh single-float stores.
            SimdArrays.unfoldSameSize(x, xOff, columns, colOff, rowStride, c, h, wd, oh, kh, kw, pad,
                    insideTable(table, UNFOLD, h, wd, oh, kh, kw, pad), HEADER, planeLength(oh, wd));
            return;
        }
        for (int ch = 0; ch < c; ch++) {
            int plane = xOff + ch * h * wd;
            for (int ky = 0; ky < kh; ky++) {
                for (int kx = 0; kx < kw; kx++) {
                    int row = colOff + ((ch * kh + ky) * kw + kx) * rowStride;
                    int lo = Conv2d.firstInside(kx, pad, stride);
                    int hi = Conv2d.lastInside(kx, pad, stride, wd, ow);
                    for (int oy = 0; oy < oh; oy++) {
                        int dst = row + oy * ow;
                        int y = oy * stride - pad + ky;
                        if (y < 0 || y >= h || lo >= hi) {
                            Arrays.fill(columns, dst, dst + ow, 0f);
                            continue;
                        }
                        int src = plane + y * wd - pad + kx;
                        Arrays.fill(columns, dst, dst + lo, 0f);
                        if (stride == 1) {
                            System.arraycopy(x, src + lo, columns, dst + lo, hi - lo);
                        } else {
                            for (int ox = lo; ox < hi; ox++) {
                                columns[dst + ox] = x[src + ox * stride];
                            }
                        }
                        Arrays.fill(columns, dst + hi, dst + ow, 0f);
                    }
                }
            }
        }
    }

    /**
     * The reverse, for the input gradient: adds every value of the columns back onto the input position it came
     * from, those from the padding dropped, into dx[dxOff ...], which it overwrites. Each element is the float sum,
     * from 0 and in tap order, of the values that came from it. {@code table}: scratch of {@link #tableLength}.
     */
    static void fold(float[] columns, int colOff, int rowStride, float[] dx, int dxOff, int c, int h, int wd,
                     int kh, int kw, int stride, int pad, float[] table) {
        int oh = Conv2d.outSize(h, kh, stride, pad);
        int ow = Conv2d.outSize(wd, kw, stride, pad);
        if (simd && stride == 1 && ow == wd) {
            // A pass over the plane per tap, adding into dx, made each add wait for the store before it (the runs
            // overlap, shifted): 10 us an example for the CNN's second convolution. All taps at once: about 4.
            SimdArrays.foldSameSize(columns, colOff, rowStride, dx, dxOff, c, h, wd, kh, kw, pad,
                    insideTable(table, FOLD, h, wd, oh, kh, kw, pad), HEADER, planeLength(h, wd));
            return;
        }
        Arrays.fill(dx, dxOff, dxOff + c * h * wd, 0f);
        for (int ch = 0; ch < c; ch++) {
            for (int ky = 0; ky < kh; ky++) {
                for (int kx = 0; kx < kw; kx++) {
                    int row = colOff + ((ch * kh + ky) * kw + kx) * rowStride;
                    int lo = Conv2d.firstInside(kx, pad, stride);
                    int hi = Conv2d.lastInside(kx, pad, stride, wd, ow);
                    for (int oy = 0; oy < oh; oy++) {
                        int y = oy * stride - pad + ky;
                        if (y < 0 || y >= h) {
                            continue;
                        }
                        int src = row + oy * ow;
                        int dst = dxOff + (ch * h + y) * wd - pad + kx;
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

    /** Floats of scratch space {@link #unfold} and {@link #fold} need for an input plane of h x wd. */
    static int tableLength(int h, int wd, int kh, int kw, int pad) {
        int rows = Math.max(h, Conv2d.outSize(h, kh, 1, pad));
        return HEADER + kh * kw * planeLength(rows, wd);
    }

    /** Entries of the table per tap: a plane and a vector's worth of zeros past it. */
    private static int planeLength(int h, int wd) {
        return h * wd + (Gemm.SIMD ? SimdArrays.LANES : 0);   // the Vector API loads only when the module is there
    }

    private static final int HEADER = 7;
    private static final float UNFOLD = 1, FOLD = 2;

    /**
     * table[HEADER + t * planeLength + p] = 1 when tap t = (ky, kx) at position p lies inside, else 0: for
     * {@code UNFOLD}, p is output position (oy, ox) and the input value (oy + ky - pad, ox + kx - pad) must be
     * inside the input; for {@code FOLD}, p is input position (y, x) and the output position (y + pad - ky, x +
     * pad - kx) must be inside the output. Written once per use and shape, which the header records.
     */
    private static float[] insideTable(float[] table, float use, int h, int wd, int oh, int kh, int kw, int pad) {
        if (table[0] == use && table[1] == h && table[2] == wd && table[3] == oh && table[4] == kh
                && table[5] == kw && table[6] == pad) {
            return table;
        }
        boolean unfold = use == UNFOLD;
        int rows = unfold ? oh : h, planeLength = planeLength(rows, wd);
        Arrays.fill(table, 0, HEADER + kh * kw * planeLength, 0f);
        for (int ky = 0; ky < kh; ky++) {
            for (int kx = 0; kx < kw; kx++) {
                int at = HEADER + (ky * kw + kx) * planeLength;
                for (int r = 0; r < rows; r++) {
                    for (int col = 0; col < wd; col++) {
                        int y = unfold ? r + ky - pad : r + pad - ky, x = unfold ? col + kx - pad : col + pad - kx;
                        boolean inside = y >= 0 && y < (unfold ? h : oh) && x >= 0 && x < wd;
                        table[at + r * wd + col] = inside ? 1f : 0f;
                    }
                }
            }
        }
        table[0] = use;   // (a new scratch array holds zeros: no use)
        table[1] = h;
        table[2] = wd;
        table[3] = oh;
        table[4] = kh;
        table[5] = kw;
        table[6] = pad;
        return table;
    }
}
