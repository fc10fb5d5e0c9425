package dnnc.runtime.kernels;

/**
 * Whole rows copied between arrays: a training batch gathered from the shuffled rows of a data set. A shuffled
 * row of a large data set is a new place in memory (and a new page) each time, so a single thread gathering a
 * batch mostly waits: 128 rows of 784 floats from Fashion-MNIST's 188 MB took 100-170 µs, 6-10% of an MLP
 * step. Split between the two threads, twice as many rows are on their way at once.
 */
public final class Rows {
    /**
     * A gather this many floats long is split: the hand-off costs a microsecond or two, a row of a shuffled
     * data set about as much (the MLP's batch of 32 is 25 088 floats).
     */
    static final long PARALLEL_MIN_FLOATS = 1 << 13;
    private static final Gather GATHER = new Gather();

    private Rows() {
    }

    /**
     * dst[i*width .. (i+1)*width) = src[row*width .. (row+1)*width) with row = order[from + i] (or from + i when
     * order is null), for i &lt; n. Only copies: the result does not depend on the split.
     */
    public static void gather(float[] src, int width, int[] order, int from, int n, float[] dst) {
        if (n < 0 || width < 0 || from < 0) {
            throw new IllegalArgumentException("negative size: n=" + n + " width=" + width + " from=" + from);
        }
        if (n >= 2 && Parallel.acquire((long) n * width, PARALLEL_MIN_FLOATS)) {
            GATHER.set(src, width, order, from, dst);
            Parallel.shareAndRelease(GATHER, n);
        } else {
            copy(src, width, order, from, dst, 0, n);
        }
    }

    private static void copy(float[] src, int width, int[] order, int from, float[] dst, int i0, int i1) {
        if (order == null) {
            System.arraycopy(src, (from + i0) * width, dst, i0 * width, (i1 - i0) * width);
            return;
        }
        for (int i = i0; i < i1; i++) {
            System.arraycopy(src, order[from + i] * width, dst, i * width, width);
        }
    }

    /** The gather being shared, by rows of the batch. */
    private static final class Gather extends Parallel.Split {
        private float[] src, dst;
        private int[] order;
        private int width, from;

        void set(float[] src, int width, int[] order, int from, float[] dst) {
            this.src = src;
            this.width = width;
            this.order = order;
            this.from = from;
            this.dst = dst;
        }

        @Override
        void items(int i0, int i1) {
            copy(src, width, order, from, dst, i0, i1);
        }

        @Override
        void clear() {
            src = null;
            dst = null;
            order = null;
        }
    }
}
