package dnnc.compiler.ops;

import dnnc.compiler.ir.Shape;

/** Index arithmetic for NumPy broadcasting over full (batch-inclusive) dims, shared by eval and codegen. */
public final class Broadcasting {
    private Broadcasting() {
    }

    /**
     * Strides to read an operand of shape {@code in} while walking a result of shape {@code out} row-major:
     * the batch axis goes with the batch axis, per-example dims are aligned on the right, and a dim of 1 (or a
     * missing one) that the result repeats gets stride 0.
     */
    public static int[] strides(Shape in, Shape out, int batch) {
        return strides(alignedDims(in, out, batch), out.fullDims(batch));
    }

    /** The operand's full dims padded with 1s to the result's full rank, batch axis first. */
    public static int[] alignedDims(Shape in, Shape out, int batch) {
        int[] aligned = new int[out.fullRank()];
        java.util.Arrays.fill(aligned, 1);
        if (in.batched()) {
            aligned[0] = batch;
        }
        int[] dims = in.dims();
        for (int i = 0; i < dims.length; i++) {
            aligned[aligned.length - dims.length + i] = dims[i];
        }
        return aligned;
    }

    /** Strides over equal-rank dims: a dim of 1 that the result repeats gets stride 0. */
    public static int[] strides(int[] in, int[] out) {
        int[] strides = new int[out.length];
        int stride = 1;
        for (int i = out.length - 1; i >= 0; i--) {
            int j = i - (out.length - in.length);
            if (j < 0) {
                strides[i] = 0;
                continue;
            }
            strides[i] = in[j] == 1 && out[i] != 1 ? 0 : stride;
            stride *= in[j];
        }
        return strides;
    }

    public static int offset(int[] index, int[] strides) {
        int off = 0;
        for (int i = 0; i < index.length; i++) {
            off += index[i] * strides[i];
        }
        return off;
    }

    /** Advances a row-major multi-index by one. */
    public static void increment(int[] index, int[] dims) {
        for (int i = index.length - 1; i >= 0; i--) {
            if (++index[i] < dims[i]) {
                return;
            }
            index[i] = 0;
        }
    }
}
