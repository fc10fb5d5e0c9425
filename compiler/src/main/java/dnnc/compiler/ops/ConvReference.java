package dnnc.compiler.ops;

/** The plain loops of a convolution, for the reference semantics of the conv ops. */
final class ConvReference {
    private ConvReference() {
    }

    interface Tap {
        void apply(int outIndex, int xIndex, int wIndex);
    }

    /** Calls {@code tap} for every (output, input, filter) element triple that a convolution multiplies. */
    static void forEachTap(int batch, int[] x, int[] w, int[] out, int stride, int pad, Tap tap) {
        int c = x[0], h = x[1], wd = x[2];
        int o = w[0], kh = w[2], kw = w[3];
        int oh = out[1], ow = out[2];
        for (int i = 0; i < batch; i++) {
            for (int f = 0; f < o; f++) {
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++) {
                        int outIndex = ((i * o + f) * oh + oy) * ow + ox;
                        for (int ch = 0; ch < c; ch++) {
                            for (int ky = 0; ky < kh; ky++) {
                                int y = oy * stride - pad + ky;
                                for (int kx = 0; kx < kw; kx++) {
                                    int xx = ox * stride - pad + kx;
                                    if (y >= 0 && y < h && xx >= 0 && xx < wd) {
                                        tap.apply(outIndex, ((i * c + ch) * h + y) * wd + xx, ((f * c + ch) * kh + ky) * kw + kx);
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
