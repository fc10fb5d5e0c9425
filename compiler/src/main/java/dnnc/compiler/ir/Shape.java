package dnnc.compiler.ir;

import java.util.Arrays;

/**
 * The static shape of a tensor. {@code dims} never include the batch dimension; {@code batched} says whether
 * the tensor has one (inputs, targets and everything computed from them per example) or not (parameters,
 * constants, reductions over the batch). Written {@code [B, 10]} or {@code [10]}; a scalar is {@code []}.
 */
public record Shape(boolean batched, int[] dims) {
    public static final Shape SCALAR = new Shape(false, new int[0]);

    public Shape {
        dims = dims.clone();
    }

    public static Shape of(int... dims) {
        return new Shape(false, dims);
    }

    public static Shape batchOf(int... dims) {
        return new Shape(true, dims);
    }

    public int rank() {
        return dims.length;
    }

    /** Rank counting the batch axis, which is axis 0 of the full shape when present. */
    public int fullRank() {
        return dims.length + (batched ? 1 : 0);
    }

    public int dim(int i) {
        return dims[i];
    }

    @Override
    public int[] dims() {
        return dims.clone();
    }

    /** Number of elements per example (or in all, when not batched). */
    public int size() {
        int n = 1;
        for (int d : dims) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    public boolean isScalar() {
        return !batched && size() == 1;
    }

    /** Full dims with the batch axis as {@code batch}. */
    public int[] fullDims(int batch) {
        if (!batched) {
            return dims.clone();
        }
        int[] full = new int[dims.length + 1];
        full[0] = batch;
        System.arraycopy(dims, 0, full, 1, dims.length);
        return full;
    }

    /** The per-example dims, for messages: {@code [10]} or {@code []}. */
    public String dimsText() {
        return Arrays.toString(dims).replace(" ", " ");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape s && s.batched == batched && Arrays.equals(s.dims, dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims) * 31 + (batched ? 1 : 0);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("[");
        if (batched) {
            s.append(dims.length == 0 ? "B" : "B, ");
        }
        for (int i = 0; i < dims.length; i++) {
            s.append(i == 0 ? "" : ", ").append(dims[i]);
        }
        return s.append(']').toString();
    }

    /**
     * NumPy broadcasting of per-example dims, aligned on the right. A batched operand keeps its batch axis;
     * an unbatched one may not have more dims than a batched one has per example (it would broadcast into the
     * batch axis). Returns null when the shapes do not broadcast.
     */
    public static Shape broadcast(Shape a, Shape b) {
        if (a.batched != b.batched) {
            Shape unbatched = a.batched ? b : a;
            Shape batchedOne = a.batched ? a : b;
            if (unbatched.rank() > batchedOne.rank()) {
                return null;
            }
        }
        int rank = Math.max(a.rank(), b.rank());
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = i < rank - a.rank() ? 1 : a.dims[i - (rank - a.rank())];
            int db = i < rank - b.rank() ? 1 : b.dims[i - (rank - b.rank())];
            if (da != db && da != 1 && db != 1) {
                return null;
            }
            out[i] = Math.max(da, db);
        }
        return new Shape(a.batched || b.batched, out);
    }

    /** True when a tensor of this shape can be broadcast to {@code target} without changing target. */
    public boolean broadcastsTo(Shape target) {
        return target.equals(broadcast(this, target));
    }
}
