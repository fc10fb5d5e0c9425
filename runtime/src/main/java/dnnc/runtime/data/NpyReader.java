package dnnc.runtime.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one NumPy {@code .npy} file (format versions 1 to 3, gzip-compressed or not): the magic
 * {@code \x93NUMPY}, the version, the length of a header that is a Python dict literal giving {@code descr},
 * {@code fortran_order} and {@code shape}, then the elements. Supported: little-endian float32, float64, int32,
 * int64 and uint8 in C order. Every other file gets a message saying what is wrong and how to save it instead.
 */
final class NpyReader {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");
    private static final int CHUNK = 1 << 16;

    final String path;
    final int[] dims;
    private final String descr;
    private final int itemSize;
    private final InputStream in;
    private final DataFiles.Opened file;

    private NpyReader(DataFiles.Opened file) throws IOException {
        this.file = file;
        this.path = file.path();
        this.in = file.in();
        byte[] start = in.readNBytes(10);
        if (start.length < 10 || !Arrays.equals(Arrays.copyOf(start, 6), MAGIC)) {
            throw fail("not a NumPy .npy file (it does not start with \\x93NUMPY)");
        }
        int major = start[6] & 0xff;
        long headerLength;
        if (major == 1) {
            headerLength = (start[8] & 0xff) | (start[9] & 0xff) << 8;
        } else if (major == 2 || major == 3) {
            byte[] more = in.readNBytes(2);
            if (more.length < 2) {
                throw fail("truncated .npy header");
            }
            headerLength = ByteBuffer.wrap(new byte[] {start[8], start[9], more[0], more[1]})
                    .order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xffffffffL;
        } else {
            throw fail(".npy format version " + major + " is not supported (expected 1, 2 or 3)");
        }
        if (headerLength > 1 << 20) {
            throw fail("the .npy header claims " + headerLength + " bytes, which is not plausible");
        }
        byte[] headerBytes = in.readNBytes((int) headerLength);
        if (headerBytes.length < headerLength) {
            throw fail("truncated .npy header: the file ends inside it");
        }
        String header = new String(headerBytes, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        descr = find(DESCR, header, "descr");
        if (find(FORTRAN, header, "fortran_order").equals("True")) {
            throw fail("the array is in Fortran order; save it in C order, e.g. np.save(f, np.ascontiguousarray(a))");
        }
        itemSize = itemSize(descr);
        dims = shape(find(SHAPE, header, "shape"));
    }

    static NpyReader open(DataFiles.Opened file) {
        try {
            return new NpyReader(file);
        } catch (IOException e) {
            throw DataFiles.readFailure(file.path(), e);
        }
    }

    static boolean looksLikeNpy(DataFiles.Opened file) {
        try {
            file.in().mark(2);
            int b0 = file.in().read();
            int b1 = file.in().read();
            file.in().reset();
            return b0 == 0x93 && b1 == 'N';
        } catch (IOException e) {
            throw DataFiles.readFailure(file.path(), e);
        }
    }

    /** Values per example: the product of every dimension after the first (1 for a one-dimensional array). */
    long valuesPerExample() {
        long n = 1;
        for (int i = 1; i < dims.length; i++) {
            n *= dims[i];
        }
        return n;
    }

    String dimsText() {
        return Arrays.toString(dims).replace('[', '(').replace(']', ')');
    }

    /** Reads every element as a float times {@code scale}, checking that the file holds exactly them. */
    float[] readAll(double scale) {
        long count = dims[0] * valuesPerExample();
        if (count > Integer.MAX_VALUE - 8) {
            throw fail("shape " + dimsText() + " holds " + count + " values, more than can be loaded");
        }
        if (!file.gzipped() && count * itemSize > file.length()) {
            throw fail("truncated .npy data: shape " + dimsText() + " needs " + count * itemSize
                    + " bytes of data, but the whole file has " + file.length());
        }
        float[] values = new float[(int) count];
        byte[] chunk = new byte[CHUNK * itemSize];
        try {
            for (int from = 0; from < values.length; from += CHUNK) {
                int n = Math.min(CHUNK, values.length - from);
                int got = in.readNBytes(chunk, 0, n * itemSize);
                if (got < n * itemSize) {
                    throw fail("truncated .npy data: shape " + dimsText() + " declares " + count
                            + " values, but the file ends after " + (from + got / itemSize));
                }
                decode(ByteBuffer.wrap(chunk, 0, got).order(ByteOrder.LITTLE_ENDIAN), values, from, n, scale);
            }
            if (in.read() >= 0) {
                throw fail("more bytes follow the " + count + " values of shape " + dimsText());
            }
        } catch (IOException e) {
            throw DataFiles.readFailure(path, e);
        }
        return values;
    }

    private void decode(ByteBuffer b, float[] out, int from, int n, double scale) {
        for (int i = 0; i < n; i++) {
            double v = switch (descr.substring(1)) {
                case "f4" -> b.getFloat();
                case "f8" -> b.getDouble();
                case "i4" -> b.getInt();
                case "i8" -> b.getLong();
                default -> b.get() & 0xff;
            };
            out[from + i] = (float) (scale == 1.0 ? v : v * scale);
        }
    }

    private int itemSize(String d) {
        if (d.length() == 3 && d.charAt(0) == '>' && "fiu".indexOf(d.charAt(1)) >= 0 && d.charAt(2) != '1') {
            throw fail("the data is big-endian ('" + d + "'); save it little-endian, e.g. a.astype('<"
                    + d.substring(1) + "')");
        }
        return switch (d) {
            case "<f4" -> 4;
            case "<f8", "<i8" -> 8;
            case "<i4" -> 4;
            case "|u1", "<u1", ">u1" -> 1;
            default -> throw fail("element type '" + d + "' is not supported; expected float32 ('<f4'), float64"
                    + " ('<f8'), int32 ('<i4'), int64 ('<i8') or uint8 ('|u1'), e.g. a.astype(np.float32)");
        };
    }

    private int[] shape(String text) {
        String[] parts = text.split(",");
        int[] d = new int[0];
        for (String p : parts) {
            if (p.isBlank()) {
                continue;
            }
            try {
                long v = Long.parseLong(p.trim().replace("L", ""));
                if (v < 0 || v > Integer.MAX_VALUE) {
                    throw fail("the shape (" + text + ") has a dimension out of range");
                }
                d = Arrays.copyOf(d, d.length + 1);
                d[d.length - 1] = (int) v;
            } catch (NumberFormatException e) {
                throw fail("the shape (" + text + ") in the .npy header is not a tuple of whole numbers");
            }
        }
        if (d.length == 0) {
            throw fail("the array is a single number (shape ()); expected one row per example");
        }
        return d;
    }

    private String find(Pattern p, String header, String key) {
        Matcher m = p.matcher(header);
        if (!m.find()) {
            throw fail("the .npy header has no valid '" + key + "' entry: " + header.trim());
        }
        return m.group(1);
    }

    private DataException fail(String what) {
        return new DataException(path + ": " + what);
    }
}
