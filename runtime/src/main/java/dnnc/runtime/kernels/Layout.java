package dnnc.runtime.kernels;

/** Moving elements without arithmetic: swapping two axes, and copying blocks for concat and slice. */
public final class Layout {
    private Layout() {
    }

    /**
     * x viewed as [outer, a, mid, b, inner] to out as [outer, b, mid, a, inner]: the transpose of two axes.
     */
    public static void swapAxes(float[] x, int outer, int a, int mid, int b, int inner, float[] out) {
        int src = 0;
        for (int o = 0; o < outer; o++) {
            int base = o * a * mid * b * inner;
            for (int i = 0; i < a; i++) {
                for (int m = 0; m < mid; m++) {
                    for (int j = 0; j < b; j++) {
                        int dst = base + (((j * mid) + m) * a + i) * inner;
                        System.arraycopy(x, src, out, dst, inner);
                        src += inner;
                    }
                }
            }
        }
    }

    /**
     * For each of {@code rows} rows, copies {@code width} floats from {@code src} (rows {@code srcWidth} apart,
     * starting at {@code srcOffset}) to {@code dst} (rows {@code dstWidth} apart, starting at {@code dstOffset}).
     */
    public static void copyRows(float[] src, int rows, int srcWidth, int srcOffset, float[] dst, int dstWidth,
                                int dstOffset, int width) {
        for (int r = 0; r < rows; r++) {
            System.arraycopy(src, r * srcWidth + srcOffset, dst, r * dstWidth + dstOffset, width);
        }
    }
}
