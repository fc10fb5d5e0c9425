package dnnc.runtime.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The SIMD path of {@link Pool}'s 2x2, stride 2 max pooling and its gradient, written with the Vector API.
 * {@link Pool} loads this class only when {@link Gemm#SIMD} says the module is there.
 *
 * <p>A window's two columns are neighbours in memory, so the scalar loop reads with stride 2 and the JIT does not
 * vectorize it. Here V outputs take four vector pairs: the top and bottom rows' 2V inputs each, their
 * element-wise maximum, then the maximum of the even and the odd lanes (picked out by two shuffles across the
 * pair). The values are {@link Math#max}'s, as on the scalar path.
 */
final class SimdPool {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int V = S.length();
    /**
     * Lanes 0, 2, 4, ... (and 1, 3, 5, ...) of one vector, in both halves: a pair's even (odd) lanes are the
     * lower half of the first one's and the upper half of the second one's. (The Vector API's two-vector
     * rearrange would do this in one call, but on JDK 17 it allocates.)
     */
    private static final VectorShuffle<Float> EVEN = VectorShuffle.fromOp(S, i -> (2 * i) % V);
    private static final VectorShuffle<Float> ODD = VectorShuffle.fromOp(S, i -> (2 * i + 1) % V);
    private static final VectorMask<Float> UPPER = VectorMask.fromLong(S, -1L << (V / 2));
    /** Lanes 0, 0, 1, 1, ... (and V/2, V/2, ...): with ODD_LANES, the inverse of EVEN and ODD. */
    private static final VectorShuffle<Float> ZIP_LOWER = VectorShuffle.fromOp(S, i -> i / 2);
    private static final VectorShuffle<Float> ZIP_UPPER = VectorShuffle.fromOp(S, i -> V / 2 + i / 2);
    private static final VectorMask<Float> ODD_LANES = VectorMask.fromLong(S, 0xAAAAAAAAAAAAAAAAL);
    private static final FloatVector ZERO = FloatVector.zero(S);

    private SimdPool() {
    }

    /**
     * out[plane, oy, ox] = max of the 2x2 window at (2oy, 2ox), for planes [p0, p1). A row of at least V outputs
     * takes whole vectors, the last one overlapping the one before. A shorter row writes V outputs anyway when
     * they fall among the range's later rows (which then overwrite the extra ones) and the reads stay inside x;
     * the range's last rows go through the scalar loop. With {@code relu}, each output is the ReLU of the max.
     */
    static void max2x2(float[] x, float[] out, int p0, int p1, int h, int w, int oh, int ow, boolean relu) {
        // a float, not a vector: a vector passed to a method the JIT does not inline is boxed on the heap
        float floor = relu ? 0f : Float.NEGATIVE_INFINITY;
        int end = p1 * oh * ow;
        for (int plane = p0; plane < p1; plane++) {
            for (int oy = 0; oy < oh; oy++) {
                int top = (plane * h + 2 * oy) * w;
                int bottom = top + w;
                int dst = (plane * oh + oy) * ow;
                if (ow >= V) {
                    for (int ox = 0; ; ox += V) {
                        ox = Math.min(ox, ow - V);
                        window(x, top + 2 * ox, bottom + 2 * ox, out, dst + ox, -0f, floor);
                        if (ox == ow - V) {
                            break;
                        }
                    }
                } else if (dst + V <= end && bottom + 2 * V <= x.length) {
                    window(x, top, bottom, out, dst, -0f, floor);
                } else {
                    Pool.maxRow(x, top, bottom, out, dst, ow, relu);
                }
            }
        }
    }

    /**
     * out[at + (oc * ph + py) * pw + px] = the largest of the 2x2 window at row 2py, column 2px of channel oc's
     * part of a convolution's product grid (row r at product[oc * columns + r * wp]), plus bias[oc] (nothing when
     * null), at least 0 with {@code relu}; for channels [o0, o1). {@link #max2x2} on the grid instead of the
     * convolution's output: the largest of sums with the same addend is the sum of the largest (rounding is
     * monotonic), so the values are those of the convolution's output pooled, with one addition in four.
     */
    static void maxGrid2x2(float[] product, int columns, int wp, float[] bias, float[] out, int at, int o0, int o1,
                           int ph, int pw, boolean relu) {
        float floor = relu ? 0f : Float.NEGATIVE_INFINITY;
        int end = at + o1 * ph * pw;
        for (int oc = o0; oc < o1; oc++) {
            float addend = bias == null ? -0f : bias[oc];   // x + -0 is x, for every x
            for (int py = 0; py < ph; py++) {
                int top = oc * columns + 2 * py * wp, bottom = top + wp, dst = at + (oc * ph + py) * pw;
                if (pw >= V) {
                    for (int px = 0; ; px += V) {
                        px = Math.min(px, pw - V);
                        window(product, top + 2 * px, bottom + 2 * px, out, dst + px, addend, floor);
                        if (px == pw - V) {
                            break;
                        }
                    }
                } else if (dst + V <= end && bottom + 2 * V <= product.length) {
                    window(product, top, bottom, out, dst, addend, floor);
                } else {
                    for (int px = 0; px < pw; px++) {
                        int t = top + 2 * px, b = bottom + 2 * px;
                        float m = Math.max(Math.max(product[t], product[t + 1]), Math.max(product[b], product[b + 1]));
                        out[dst + px] = Math.max(m + addend, floor);
                    }
                }
            }
        }
    }

    /**
     * V outputs at out[dst]: the largest of the windows whose top-left inputs are x[top + 2i] and x[bottom + 2i],
     * plus {@code addend} (-0 for none), each at least {@code floor} (0 for a ReLU, as Math.max; -infinity for none).
     */
    private static void window(float[] x, int top, int bottom, float[] out, int dst, float addend, float floor) {
        FloatVector first = FloatVector.fromArray(S, x, top).max(FloatVector.fromArray(S, x, bottom));
        FloatVector second = FloatVector.fromArray(S, x, top + V).max(FloatVector.fromArray(S, x, bottom + V));
        FloatVector even = first.rearrange(EVEN).blend(second.rearrange(EVEN), UPPER);
        FloatVector odd = first.rearrange(ODD).blend(second.rearrange(ODD), UPPER);
        even.max(odd).add(addend).max(FloatVector.broadcast(S, floor)).intoArray(out, dst);
    }

    /**
     * The gradient of {@link #max2x2} for planes [p0, p1) of an input with even height and width (every input
     * element in some window): each window writes g to its first largest element in row order and 0 to the
     * other three, chosen by blends as on the scalar path. Rows shorter than V outputs write past their end
     * into the range's later rows, which overwrite it; the range's last rows go through the scalar loop.
     */
    static void maxBackward2x2(float[] x, float[] g, float[] dx, int p0, int p1, int h, int w, int oh, int ow) {
        int end = p1 * h * w;
        for (int plane = p0; plane < p1; plane++) {
            for (int oy = 0; oy < oh; oy++) {
                int top = (plane * h + 2 * oy) * w;
                int bottom = top + w;
                int src = (plane * oh + oy) * ow;
                if (ow >= V) {
                    for (int ox = 0; ; ox += V) {
                        ox = Math.min(ox, ow - V);
                        windowGradient(x, g, src + ox, dx, top + 2 * ox, bottom + 2 * ox);
                        if (ox == ow - V) {
                            break;
                        }
                    }
                } else if (bottom + 2 * V <= end && src + V <= g.length) {
                    windowGradient(x, g, src, dx, top, bottom);
                } else {
                    Pool.maxBackwardRow(x, g, src, dx, top, bottom, ow);
                }
            }
        }
    }

    /** The gradient of the V windows whose top-left inputs are x[top + 2i] and x[bottom + 2i]. */
    private static void windowGradient(float[] x, float[] g, int src, float[] dx, int top, int bottom) {
        FloatVector t0 = FloatVector.fromArray(S, x, top), t1 = FloatVector.fromArray(S, x, top + V);
        FloatVector b0 = FloatVector.fromArray(S, x, bottom), b1 = FloatVector.fromArray(S, x, bottom + V);
        FloatVector a = t0.rearrange(EVEN).blend(t1.rearrange(EVEN), UPPER);
        FloatVector b = t0.rearrange(ODD).blend(t1.rearrange(ODD), UPPER);
        FloatVector c = b0.rearrange(EVEN).blend(b1.rearrange(EVEN), UPPER);
        FloatVector d = b0.rearrange(ODD).blend(b1.rearrange(ODD), UPPER);
        FloatVector gradient = FloatVector.fromArray(S, g, src);
        VectorMask<Float> topWins = a.max(b).compare(VectorOperators.GE, c.max(d));
        FloatVector upper = ZERO.blend(gradient, topWins);
        FloatVector lower = gradient.blend(ZERO, topWins);
        VectorMask<Float> aWins = a.compare(VectorOperators.GE, b);
        VectorMask<Float> cWins = c.compare(VectorOperators.GE, d);
        // each row interleaved back: dx[row ...] = e0, o0, e1, o1, ... (written out here: a vector passed to a
        // method the JIT does not inline is boxed on the heap)
        FloatVector even = ZERO.blend(upper, aWins), odd = upper.blend(ZERO, aWins);
        even.rearrange(ZIP_LOWER).blend(odd.rearrange(ZIP_LOWER), ODD_LANES).intoArray(dx, top);
        even.rearrange(ZIP_UPPER).blend(odd.rearrange(ZIP_UPPER), ODD_LANES).intoArray(dx, top + V);
        even = ZERO.blend(lower, cWins);
        odd = lower.blend(ZERO, cWins);
        even.rearrange(ZIP_LOWER).blend(odd.rearrange(ZIP_LOWER), ODD_LANES).intoArray(dx, bottom);
        even.rearrange(ZIP_UPPER).blend(odd.rearrange(ZIP_UPPER), ODD_LANES).intoArray(dx, bottom + V);
    }

    /**
     * Runs both kernels on throwaway arrays, rows of both kinds, until the JIT has compiled them with C2: planes of
     * several rows, so that the loops' back edges reach C2's threshold within the calls (with one row per plane
     * the gradient stayed at C1, where the Vector API boxes every vector: the first training steps' pooling
     * gradients then took 70-90 ms).
     */
    static void warmUp() {
        float[] x = new float[2 * 12 * 32], g = new float[x.length / 4], out = new float[x.length / 4];
        float[] dx = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = (i * 7) % 11;
        }
        for (int i = 0; i < 3000; i++) {
            int w = (i & 1) == 0 ? 32 : 12;
            max2x2(x, out, 0, 2, x.length / (2 * w), w, x.length / (4 * w), w / 2, (i & 2) == 0);
            maxBackward2x2(x, g, dx, 0, 2, 8, w, 4, w / 2);
            // a grid of 2 channels, 6 rows of 32 (ConvPool): whole vectors, or rows of 6 pooled of 12 columns
            maxGrid2x2(x, 12 * 32, (i & 1) == 0 ? 32 : 12, (i & 2) == 0 ? null : x, out, 0, 0, 2, 3, w / 2,
                    (i & 4) == 0);
        }
    }
}
