package dnnc.runtime.data;

import java.util.Arrays;

/**
 * A float array that grows as values arrive. Readers use it so that memory is allocated for data actually read,
 * never for a count a (possibly corrupt) file header merely claims.
 */
final class FloatArrayBuilder {
    /** The largest array the JVM reliably allocates. */
    static final int MAX_SIZE = Integer.MAX_VALUE - 8;

    private final String path;
    private final int expectedSize;
    private float[] values;
    private int size;

    /**
     * @param path            the file the values come from, for messages
     * @param initialCapacity what the data read so far justifies allocating now
     * @param expectedSize    the final size if known (growth stops there, so no copy is needed at the end),
     *                        or {@link #MAX_SIZE}
     */
    FloatArrayBuilder(String path, int initialCapacity, int expectedSize) {
        this.path = path;
        this.values = new float[Math.max(0, initialCapacity)];
        this.expectedSize = expectedSize;
    }

    void add(float value) {
        if (size == values.length) {
            grow(1);
        }
        values[size++] = value;
    }

    void addAll(float[] source, int count) {
        if (values.length - size < count) {
            grow(count);
        }
        System.arraycopy(source, 0, values, size, count);
        size += count;
    }

    int size() {
        return size;
    }

    /** The values added, in an array of exactly {@link #size()} (the internal one when it already fits). */
    float[] toArray() {
        return size == values.length ? values : Arrays.copyOf(values, size);
    }

    private void grow(int more) {
        long needed = (long) size + more;
        if (needed > MAX_SIZE) {
            throw new DataException(path + ": holds more than " + MAX_SIZE + " numbers: too many to hold in memory");
        }
        long doubled = Math.max(16, 2L * values.length);
        long capacity = needed <= expectedSize ? Math.min(doubled, expectedSize) : Math.min(doubled, MAX_SIZE);
        values = Arrays.copyOf(values, (int) Math.max(capacity, needed));
    }
}
