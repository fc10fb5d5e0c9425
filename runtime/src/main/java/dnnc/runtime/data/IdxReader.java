package dnnc.runtime.data;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Reads one IDX file (the format of MNIST): two zero bytes, a byte giving the element type, a byte giving the
 * number of dimensions, each dimension as a big-endian int, then the elements, big-endian and row-major.
 *
 * <p>{@link #open} reads only the header, so that callers can check the dimensions against the model before
 * reading (possibly many megabytes of) data. The header is never trusted for allocation: for plain files it is
 * checked against the file length first; for gzipped files the array grows as data actually arrives.
 */
final class IdxReader implements Closeable {

    /** Values decoded per bulk read: large enough to make per-call overhead negligible. */
    private static final int CHUNK_VALUES = 1 << 14;

    /** How much larger than the gzip file its content may be assumed to be before any of it is read. */
    private static final long GZIP_PLAUSIBLE_RATIO = 32;

    private final DataFiles.Opened file;
    private final IdxType type;
    private final int[] dims;
    private final int valueCount;

    private IdxReader(DataFiles.Opened file) {
        this.file = file;
        byte[] start = readUpTo(4);
        if (start.length == 0) {
            throw new DataException(path() + ": file is empty (no data after decompressing)");
        }
        if (start.length < 4) {
            throw new DataException(path() + ": truncated IDX header: the file holds only " + start.length
                    + " bytes, expected at least 4");
        }
        if (start[0] != 0 || start[1] != 0) {
            throw new DataException(path() + ": not an IDX file: expected the bytes 00 00 at the start, found "
                    + String.format("%02x %02x", start[0] & 0xff, start[1] & 0xff)
                    + (looksLikeText(start) ? " (it looks like text: for CSV data use the csv format)" : ""));
        }
        type = IdxType.of(start[2] & 0xff);
        if (type == null) {
            throw new DataException(path() + ": unknown IDX element type byte " + String.format("%02x", start[2] & 0xff)
                    + "; expected " + IdxType.KNOWN);
        }
        int rank = start[3] & 0xff;
        if (rank == 0) {
            throw new DataException(path() + ": the IDX header declares 0 dimensions; expected at least 1");
        }
        byte[] dimBytes = readUpTo(4 * rank);
        if (dimBytes.length < 4 * rank) {
            throw new DataException(path() + ": truncated IDX header: it declares " + rank
                    + " dimensions but the file ends after " + dimBytes.length / 4 + " of them");
        }
        ByteBuffer header = ByteBuffer.wrap(dimBytes).order(ByteOrder.BIG_ENDIAN);
        dims = new int[rank];
        long count = 1;
        for (int i = 0; i < rank; i++) {
            dims[i] = header.getInt();
            if (dims[i] < 0) {
                throw new DataException(path() + ": IDX dimension " + (i + 1) + " is "
                        + Integer.toUnsignedString(dims[i]) + ", too large to be real (corrupt header?)");
            }
            count = Math.min(count * dims[i], Long.MAX_VALUE / Integer.MAX_VALUE);
        }
        if (count > FloatArrayBuilder.MAX_SIZE) {
            // count may have been clamped to avoid overflow, so it is not shown: the dimensions say it all.
            throw new DataException(path() + ": the IDX header declares " + dimsText() + " values, more than can"
                    + " be held in memory (at most " + FloatArrayBuilder.MAX_SIZE + ")");
        }
        valueCount = (int) count;
        if (!file.gzipped()) {
            checkAgainstFileLength(4L + 4L * rank);
        }
    }

    /** Opens {@code path} and reads its header. */
    static IdxReader open(String path) {
        return open(DataFiles.open(path));
    }

    /** Reads the header of an already opened file; closes the file if the header is bad. */
    static IdxReader open(DataFiles.Opened file) {
        try {
            return new IdxReader(file);
        } catch (RuntimeException e) {
            file.close();
            throw e;
        }
    }

    /** Whether the (decompressed) content starts like an IDX file, without consuming anything. */
    static boolean looksLikeIdx(DataFiles.Opened file) {
        InputStream in = file.in();
        try {
            in.mark(2);
            int b0 = in.read();
            int b1 = in.read();
            in.reset();
            return b0 == 0 && b1 == 0;
        } catch (IOException e) {
            throw DataFiles.readFailure(file.path(), e);
        }
    }

    String path() {
        return file.path();
    }

    int[] dims() {
        return dims.clone();
    }

    /** The dimensions as people write them, e.g. "60000x28x28". */
    String dimsText() {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < dims.length; i++) {
            s.append(i == 0 ? "" : "x").append(Integer.toUnsignedString(dims[i]));
        }
        return s.toString();
    }

    /** The product of the dimensions after the first: the number of values per example. */
    long valuesPerExample() {
        long n = 1;
        for (int i = 1; i < dims.length; i++) {
            n *= dims[i];
        }
        return n;
    }

    /** Reads every element, multiplied by {@code scale}, and checks that nothing follows them. */
    float[] readAll(double scale) {
        // A plain file's length has been checked, so the declared size is justified. A gzipped file's is not: a
        // small corrupt file could claim billions of values. Real numeric data rarely inflates beyond 32 times
        // its compressed size, so allocate that much at most up front (all of it for typical files, which avoids
        // copying while growing), and grow beyond it only as data actually arrives.
        long plausible = Math.max(1 << 16, file.length() * GZIP_PLAUSIBLE_RATIO / type.bytes);
        int initial = file.gzipped() ? (int) Math.min(valueCount, plausible) : valueCount;
        FloatArrayBuilder values = new FloatArrayBuilder(path(), initial, valueCount);
        byte[] bytes = new byte[CHUNK_VALUES * type.bytes];
        float[] decoded = new float[CHUNK_VALUES];
        InputStream in = file.in();
        try {
            while (values.size() < valueCount) {
                int want = Math.min(CHUNK_VALUES, valueCount - values.size());
                int got = in.readNBytes(bytes, 0, want * type.bytes);
                int whole = got / type.bytes;
                type.decode(bytes, whole, scale, decoded);
                values.addAll(decoded, whole);
                if (whole < want) {
                    throw new DataException(path() + ": truncated IDX data: the header declares " + dimsText()
                            + " = " + valueCount + " values, but the data ends after " + values.size());
                }
            }
            // Reading to the end also makes GZIPInputStream check the trailer's CRC, catching corrupted data.
            long extra = 0;
            while (true) {
                long skipped = in.skip(Long.MAX_VALUE);
                if (skipped > 0) {
                    extra += skipped;
                } else if (in.read() >= 0) {
                    extra++;
                } else {
                    break;
                }
            }
            if (extra > 0) {
                throw new DataException(path() + ": " + bytesFollow(extra) + " the " + valueCount
                        + " values the IDX header declares (" + dimsText() + "); the header does not match the data");
            }
        } catch (IOException e) {
            throw DataFiles.readFailure(path(), e);
        }
        return values.toArray();
    }

    @Override
    public void close() {
        file.close();
    }

    private void checkAgainstFileLength(long headerBytes) {
        long declared = headerBytes + (long) valueCount * type.bytes;
        if (declared > file.length()) {
            long held = (file.length() - headerBytes) / type.bytes;
            throw new DataException(path() + ": truncated IDX data: the header declares " + dimsText() + " = "
                    + valueCount + " values (" + declared + " bytes with the header), but the file holds only "
                    + file.length() + " bytes (" + held + " values)");
        }
        if (declared < file.length()) {
            throw new DataException(path() + ": " + bytesFollow(file.length() - declared) + " the " + valueCount
                    + " values the IDX header declares (" + dimsText() + "); the header does not match the data");
        }
    }

    private static String bytesFollow(long n) {
        return n == 1 ? "1 byte follows" : n + " bytes follow";
    }

    private byte[] readUpTo(int n) {
        try {
            return file.in().readNBytes(n);
        } catch (IOException e) {
            throw DataFiles.readFailure(path(), e);
        }
    }

    private static boolean looksLikeText(byte[] start) {
        for (byte b : start) {
            if (b < 0x09 || (b > 0x0d && b < 0x20)) {
                return false;
            }
        }
        return true;
    }
}
