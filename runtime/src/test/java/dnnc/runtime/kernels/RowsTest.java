package dnnc.runtime.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Rows.gather copies exactly the rows asked for, in order, on one thread or split between two. */
class RowsTest {
    private static final float UNTOUCHED = -7.5f;

    @AfterEach
    void restoreDefaults() {
        Parallel.setMinElements(-1);
        Gemm.setThreads(Math.min(2, Runtime.getRuntime().availableProcessors()));
    }

    @ParameterizedTest(name = "rows={0} width={1} n={2} from={3} threads={4} split from={5}")
    @CsvSource({
        "50, 7, 13, 5, 1, -1",
        "50, 7, 13, 5, 2, 0",      // every gather split
        "1000, 784, 128, 300, 2, -1",   // the default threshold: a training batch of Fashion-MNIST
        "1000, 784, 32, 968, 2, -1",    // a batch that ends at the last row
        "40, 1, 33, 0, 2, 0",      // one float a row (labels)
        "9, 3, 1, 8, 2, 0",        // one row: never split
        "9, 3, 0, 4, 2, 0",        // nothing to copy
        "20, 0, 5, 0, 2, 0",       // rows of width 0
    })
    void copiesTheShuffledRowsInOrder(int rows, int width, int n, int from, int threads, int splitFrom) {
        float[] src = numbered(rows * width);
        int[] order = shuffled(rows, 11);
        Gemm.setThreads(threads);
        Parallel.setMinElements(splitFrom);
        float[] dst = untouched(n * width + 3);

        Rows.gather(src, width, order, from, n, dst);

        assertArrayEquals(reference(src, width, order, from, n, dst.length), dst);
    }

    @ParameterizedTest(name = "n={0} from={1} threads={2}")
    @CsvSource({"17, 4, 1", "17, 4, 2", "64, 0, 2"})
    void withoutAnOrderCopiesConsecutiveRows(int n, int from, int threads) {
        int width = 5;
        float[] src = numbered(80 * width);
        Gemm.setThreads(threads);
        Parallel.setMinElements(0);
        float[] dst = untouched(n * width + 2);

        Rows.gather(src, width, null, from, n, dst);

        int[] identity = new int[80];
        Arrays.setAll(identity, i -> i);
        assertArrayEquals(reference(src, width, identity, from, n, dst.length), dst);
    }

    @ParameterizedTest(name = "threads={0}")
    @CsvSource({"1", "2"})
    void aRowOutsideTheSourceIsAnErrorOnEitherThread(int threads) {
        float[] src = numbered(10 * 4);
        int[] order = {0, 1, 2, 3, 4, 5, 6, 7, 8, 10};   // row 10 does not exist
        Gemm.setThreads(threads);
        Parallel.setMinElements(0);
        assertThrows(IndexOutOfBoundsException.class, () -> Rows.gather(src, 4, order, 0, 10, new float[40]));
    }

    @ParameterizedTest(name = "n={0} width={1} from={2}")
    @CsvSource({"-1, 4, 0", "2, -4, 0", "2, 4, -1"})
    void negativeSizesAreRejected(int n, int width, int from) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Rows.gather(new float[16], width, null, from, n, new float[16]));
        assertTrue(e.getMessage().startsWith("negative size"), e.getMessage());
    }

    private static float[] reference(float[] src, int width, int[] order, int from, int n, int length) {
        float[] out = untouched(length);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < width; j++) {
                out[i * width + j] = src[order[from + i] * width + j];
            }
        }
        return out;
    }

    /** Element i is i + 0.25: every row and column distinct. */
    private static float[] numbered(int size) {
        float[] a = new float[size];
        for (int i = 0; i < size; i++) {
            a[i] = i + 0.25f;
        }
        return a;
    }

    private static float[] untouched(int size) {
        float[] a = new float[size];
        Arrays.fill(a, UNTOUCHED);
        return a;
    }

    private static int[] shuffled(int size, long seed) {
        int[] order = new int[size];
        Arrays.setAll(order, i -> i);
        Random rnd = new Random(seed);
        for (int i = size - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
