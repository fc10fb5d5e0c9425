package dnnc.runtime.kernels;

/**
 * Reductions over the middle axis of a tensor viewed as {@code [outer, mid, inner]}.
 *
 * <p>Each output is reduced in increasing {@code j} order, so results are deterministic. When {@code inner > 1}
 * the loops run over contiguous {@code inner} elements (vectorized by the JIT).
 */
public final class Reduce {

    private Reduce() {
    }

    /**
     * x viewed as [outer, mid, inner]: out[o*inner + i] = sum over j &lt; mid of x[(o*mid + j)*inner + i]. Writes
     * outer*inner values (zeros when mid is 0).
     */
    public static void sum(float[] x, int outer, int mid, int inner, float[] out) {
        check(x, outer, mid, inner, out);
        if (outer * inner == 1) {
            out[0] = whole(x, mid, false);
            return;
        }
        // Split over outputs, never over j: each output keeps its order of additions on either thread.
        boolean byOuter = inner == 1 || outer > 1;
        if (Parallel.acquire((long) outer * mid * inner)) {
            SUM.set(x, outer, mid, inner, out, byOuter);
            Parallel.shareAndRelease(SUM, byOuter ? outer : inner);
        } else {
            sum(x, 0, outer, mid, inner, 0, inner, out);
        }
    }

    /** Outputs [o0, o1) x [i0, i1) of {@link #sum}. */
    private static void sum(float[] x, int o0, int o1, int mid, int inner, int i0, int i1, float[] out) {
        if (inner == 1) {
            for (int o = o0; o < o1; o++) {
                out[o] = sumRun(x, o * mid, mid);
            }
            return;
        }
        for (int o = o0; o < o1; o++) {
            int from = i0;
            if (Gemm.SIMD && i1 - i0 >= SimdReduce.LANES) {
                // whole vectors of outputs there (a bias's gradient, summed over the batch), the rest here
                SimdReduce.sumRows(x, o * mid * inner, mid, inner, i0, i1, out, o * inner);
                from = i0 + (i1 - i0) / SimdReduce.LANES * SimdReduce.LANES;
            }
            sumRows(x, o * mid * inner, mid, inner, from, i1, out, o * inner);
        }
    }

    /** out[dst + i] = the sum over j &lt; mid of x[src + j * inner + i], for i in [i0, i1). */
    private static void sumRows(float[] x, int src, int mid, int inner, int i0, int i1, float[] out, int dst) {
        for (int i = i0; i < i1; i++) {
            out[dst + i] = 0f;
        }
        // Four rows a pass: a quarter of the passes over out (these loops mix offsets, which C2 in JDK 17 does not
        // vectorize, so memory traffic is what counts).
        int j = 0;
        for (; j + 3 < mid; j += 4, src += 4 * inner) {
            int r1 = src + inner;
            int r2 = r1 + inner;
            int r3 = r2 + inner;
            for (int i = i0; i < i1; i++) {
                out[dst + i] += (x[src + i] + x[r1 + i]) + (x[r2 + i] + x[r3 + i]);
            }
        }
        for (; j < mid; j++, src += inner) {
            for (int i = i0; i < i1; i++) {
                out[dst + i] += x[src + i];
            }
        }
    }

    /**
     * out[0] = the sum of x[i] * x[i] over x[0, n): an L2 penalty's, in one pass over x instead of a pass writing
     * the squares and another summing them. Like a single {@link #sum}: two fixed halves from 2 {@link
     * #HALVES_FROM} on, partial sums in a fixed order, the same on one thread or two.
     */
    public static void sumOfSquares(float[] x, int n, float[] out) {
        check(x, 1, n, 1, out);
        out[0] = whole(x, n, true);
    }

    /**
     * A single sum at least twice this long (an L2 penalty over a large weight) is the sum of its two halves,
     * each summed on its own thread when the worker is free, and the same way when it is not.
     */
    static final int HALVES_FROM = 1 << 15;

    private static final Sum SUM = new Sum();
    private static final Halves HALVES = new Halves();

    /**
     * The sum of x[0, n) (or of the squares): from 2 HALVES_FROM on, as the sum of two fixed halves (whatever the
     * threads), the first a whole number of vectors.
     */
    private static float whole(float[] x, int n, boolean squares) {
        if (n < 2 * HALVES_FROM) {
            return partial(x, 0, n, squares);
        }
        int half = n / 2 / 64 * 64;
        if (!Parallel.acquire(n)) {
            return partial(x, 0, half, squares) + partial(x, half, n - half, squares);
        }
        HALVES.set(x, half, n, squares);
        Parallel.shareAndRelease(HALVES, 2);
        return HALVES.first + HALVES.second;
    }

    private static float partial(float[] x, int from, int n, boolean squares) {
        return squares ? squaresRun(x, from, n) : longRun(x, from, n);
    }

    /** The two halves of one sum (of the values or of their squares), one for each thread. */
    private static final class Halves extends Parallel.Split {
        private float[] x;
        private int half, mid;
        private boolean squares;
        private float first, second;

        void set(float[] x, int half, int mid, boolean squares) {
            this.x = x;
            this.half = half;
            this.mid = mid;
            this.squares = squares;
        }

        @Override
        void items(int from, int to) {
            for (int i = from; i < to; i++) {
                if (i == 0) {
                    first = partial(x, 0, half, squares);
                } else {
                    second = partial(x, half, mid - half, squares);
                }
            }
        }

        @Override
        void clear() {
            x = null;
        }
    }

    /** The sum being shared between the threads, over outer rows or over inner columns. */
    private static final class Sum extends Parallel.Split {
        private float[] x, out;
        private int outer, mid, inner;
        private boolean byOuter;

        void set(float[] x, int outer, int mid, int inner, float[] out, boolean byOuter) {
            this.x = x;
            this.outer = outer;
            this.mid = mid;
            this.inner = inner;
            this.out = out;
            this.byOuter = byOuter;
        }

        @Override
        void items(int from, int to) {
            if (byOuter) {
                sum(x, from, to, mid, inner, 0, inner, out);
            } else {
                sum(x, 0, outer, mid, inner, from, to, out);
            }
        }

        @Override
        void clear() {
            x = out = null;
        }
    }

    /**
     * Same as {@link #sum}, with max instead of sum. A NaN among the reduced values gives NaN; mid = 0 gives
     * negative infinity.
     */
    public static void max(float[] x, int outer, int mid, int inner, float[] out) {
        check(x, outer, mid, inner, out);
        for (int o = 0; o < outer; o++) {
            int dst = o * inner;
            int src = o * mid * inner;
            for (int i = 0; i < inner; i++) {
                out[dst + i] = Float.NEGATIVE_INFINITY;
            }
            for (int j = 0; j < mid; j++, src += inner) {
                for (int i = 0; i < inner; i++) {
                    out[dst + i] = Math.max(out[dst + i], x[src + i]);
                }
            }
        }
    }

    private static void check(float[] x, int outer, int mid, int inner, float[] out) {
        if (outer < 0 || mid < 0 || inner < 0) {
            throw new IllegalArgumentException("negative size: outer=" + outer + " mid=" + mid + " inner=" + inner);
        }
        long in = (long) outer * mid * inner, res = (long) outer * inner;
        if (x.length < in) {
            throw new IllegalArgumentException("x has " + x.length + " elements, needs " + in);
        }
        if (out.length < res) {
            throw new IllegalArgumentException("out has " + out.length + " elements, needs " + res);
        }
    }

    /** The sum of the squares of x[from, from + n), in partial sums like {@link #longRun}'s. */
    private static float squaresRun(float[] x, int from, int n) {
        if (Gemm.SIMD && n >= 256) {
            return SimdReduce.squaresRun(x, from, n);
        }
        float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f, s4 = 0f, s5 = 0f, s6 = 0f, s7 = 0f;
        int j = 0;
        for (; j + 7 < n; j += 8) {
            float x0 = x[from + j], x1 = x[from + j + 1], x2 = x[from + j + 2], x3 = x[from + j + 3];
            float x4 = x[from + j + 4], x5 = x[from + j + 5], x6 = x[from + j + 6], x7 = x[from + j + 7];
            s0 += x0 * x0;
            s1 += x1 * x1;
            s2 += x2 * x2;
            s3 += x3 * x3;
            s4 += x4 * x4;
            s5 += x5 * x5;
            s6 += x6 * x6;
            s7 += x7 * x7;
        }
        for (; j < n; j++) {
            float v = x[from + j];
            s0 += v * v;
        }
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }

    /**
     * The sum of a whole tensor, x[from, from + n): on the SIMD path, for runs of a few vectors or more, in
     * {@link SimdReduce#CHAINS} partial sums; otherwise {@link #sumRun}. Only single sums take it: the sums of
     * rows (a batch normalization's over each plane) keep sumRun's order, and so their results to the bit.
     */
    private static float longRun(float[] x, int from, int n) {
        return Gemm.SIMD && n >= 256 ? SimdReduce.sumRun(x, from, n) : sumRun(x, from, n);
    }

    /**
     * The sum of x[from, from + n), in eight interleaved partial sums so that the additions do not wait on one
     * another (a single accumulator is one long dependency chain). The order is fixed, so results repeat.
     */
    private static float sumRun(float[] x, int from, int n) {
        // Eight chains: an addition takes 3 cycles and two can start each cycle, so four chains left half idle.
        float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f, s4 = 0f, s5 = 0f, s6 = 0f, s7 = 0f;
        int j = 0;
        for (; j + 7 < n; j += 8) {
            s0 += x[from + j];
            s1 += x[from + j + 1];
            s2 += x[from + j + 2];
            s3 += x[from + j + 3];
            s4 += x[from + j + 4];
            s5 += x[from + j + 5];
            s6 += x[from + j + 6];
            s7 += x[from + j + 7];
        }
        for (; j < n; j++) {
            s0 += x[from + j];
        }
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }
}
