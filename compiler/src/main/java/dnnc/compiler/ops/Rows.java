package dnnc.compiler.ops;

import dnnc.compiler.codegen.Extent;
import dnnc.compiler.ir.Shape;

/**
 * A tensor seen as rows around one full axis: {@code rows} (everything before the axis, the batch included),
 * then the axis, then {@code inner} (everything after it). Concat and slice copy whole rows of
 * {@code axis length * inner} floats.
 */
record Rows(Extent rows, int length, int inner) {

    static Rows around(Shape s, int axis) {
        int[] dims = s.fullDims(1);
        int rows = 1, inner = 1;
        for (int i = 0; i < dims.length; i++) {
            if (i < axis) {
                rows *= dims[i];
            } else if (i > axis) {
                inner *= dims[i];
            }
        }
        return new Rows(new Extent(rows, s.batched()), dims[axis], inner);
    }

    int width() {
        return length * inner;
    }

    /** Copies every row of src (width srcWidth, from srcOffset) into dst (width dstWidth, at dstOffset). */
    static void copy(double[] src, int rows, int srcWidth, int srcOffset, double[] dst, int dstWidth, int dstOffset,
                     int width) {
        for (int r = 0; r < rows; r++) {
            System.arraycopy(src, r * srcWidth + srcOffset, dst, r * dstWidth + dstOffset, width);
        }
    }
}
