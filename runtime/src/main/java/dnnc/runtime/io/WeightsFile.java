package dnnc.runtime.io;

import dnnc.runtime.Model;
import dnnc.runtime.ModelSpec;
import dnnc.runtime.data.Standardization;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UTFDataFormatException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * A model's parameters on disk. Big-endian ({@link DataOutputStream}), in this order:
 * <pre>
 *   bytes[4]  "DNNW"
 *   int       format version, 1
 *   UTF       model name
 *   long      fingerprint: FNV-1a over every parameter's name and shape, in spec order
 *   int       parameter count
 *   per parameter, in spec order:
 *     UTF     name
 *     int     rank
 *     int[]   dims (rank of them)
 *     float[] values (product of dims of them)
 *   version 2 only:
 *   int       1 when the input is standardized, else 0; if 1:
 *     int     feature count n
 *     float[] n means, then n standard deviations
 *   long      CRC32 of every byte before it
 * </pre>
 * Loading checks the magic, version, model name and fingerprint, checks every size against the bytes left in
 * the file before allocating, verifies the checksum, and only then replaces the model's parameters (and
 * standardization). Version 1 files (without standardization) are still read.
 */
public final class WeightsFile {
    private static final byte[] MAGIC = "DNNW".getBytes(StandardCharsets.US_ASCII);
    public static final int VERSION = 2;
    private static final int CHUNK_FLOATS = 16384;

    private WeightsFile() {
    }

    /** Writes {@code model}'s parameters to {@code path} atomically. */
    public static void save(Model model, Path path) throws IOException {
        AtomicFiles.write(path, raw -> {
            CheckedOutputStream checked = new CheckedOutputStream(raw, new CRC32());
            DataOutputStream out = new DataOutputStream(checked);
            out.write(MAGIC);
            out.writeInt(VERSION);
            out.writeUTF(model.name());
            List<ModelSpec.Param> params = model.spec().params();
            out.writeLong(fingerprint(params));
            out.writeInt(params.size());
            for (int i = 0; i < params.size(); i++) {
                writeParam(out, params.get(i), model.parameter(i));
            }
            Standardization st = model.standardization();
            out.writeInt(st == null ? 0 : 1);
            if (st != null) {
                out.writeInt(st.size());
                writeFloats(out, st.mean());
                writeFloats(out, st.std());
            }
            out.flush();
            out.writeLong(checked.getChecksum().getValue());
            out.flush();
        });
    }

    /** Reads {@code path} and, if it is a sound weights file for {@code model}, replaces its parameters. */
    public static void load(Model model, Path path) throws IOException {
        long length;
        try {
            length = Files.size(path);
        } catch (NoSuchFileException e) {
            throw new WeightsFileException("weights file " + path + " does not exist");
        }
        float[][] values;
        Reader reader;
        try (InputStream in = Files.newInputStream(path)) {
            reader = new Reader(path, length, in);
            values = reader.read(model);
        } catch (EOFException e) {
            throw new WeightsFileException(path + " is truncated (the file ends too early)");
        } catch (UTFDataFormatException e) {
            throw new WeightsFileException(path + " is damaged (a name is not valid text)");
        }
        model.setParameters(values);
        model.setStandardization(reader.standardization);
    }

    /** Identifies a model's parameter layout: names and shapes, in order. */
    public static long fingerprint(List<ModelSpec.Param> params) {
        long h = 0xcbf29ce484222325L;
        for (ModelSpec.Param p : params) {
            StringBuilder s = new StringBuilder(p.name()).append(':');
            for (int d : p.shape()) {
                s.append(d).append(',');
            }
            for (byte b : s.append(';').toString().getBytes(StandardCharsets.UTF_8)) {
                h = (h ^ (b & 0xff)) * 0x100000001b3L;
            }
        }
        return h;
    }

    private static void writeParam(DataOutputStream out, ModelSpec.Param p, float[] values) throws IOException {
        out.writeUTF(p.name());
        out.writeInt(p.shape().length);
        for (int d : p.shape()) {
            out.writeInt(d);
        }
        writeFloats(out, values);
    }

    // Chunked: writeFloat would push every byte separately through the checksum.
    static void writeFloats(DataOutputStream out, float[] values) throws IOException {
        byte[] chunk = new byte[Math.min(CHUNK_FLOATS, values.length) * Float.BYTES];
        for (int from = 0; from < values.length; from += CHUNK_FLOATS) {
            int n = Math.min(CHUNK_FLOATS, values.length - from);
            ByteBuffer.wrap(chunk).asFloatBuffer().put(values, from, n);
            out.write(chunk, 0, n * Float.BYTES);
        }
    }

    /** One load: tracks how many bytes are left so that no size read from the file is trusted blindly. */
    private static final class Reader {
        private final Path path;
        private final long length;
        private final CountingStream counter;
        private final CheckedInputStream checked;
        private final DataInputStream in;
        Standardization standardization;

        Reader(Path path, long length, InputStream raw) {
            this.path = path;
            this.length = length;
            this.counter = new CountingStream(new BufferedInputStream(raw, 1 << 16));
            this.checked = new CheckedInputStream(counter, new CRC32());
            this.in = new DataInputStream(checked);
        }

        float[][] read(Model model) throws IOException {
            byte[] magic = new byte[MAGIC.length];
            if (length < MAGIC.length + Integer.BYTES) {
                throw fail("is not a dnnc weights file");
            }
            in.readFully(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw fail("is not a dnnc weights file");
            }
            int version = in.readInt();
            if (version != 1 && version != VERSION) {
                throw fail("has format version " + version + "; this runtime reads versions 1 and " + VERSION);
            }
            String name = in.readUTF();
            if (!name.equals(model.name())) {
                throw fail("holds weights for model '" + name + "', not for '" + model.name() + "'");
            }
            List<ModelSpec.Param> params = model.spec().params();
            if (in.readLong() != fingerprint(params)) {
                throw fail("was saved from a different version of model '" + name
                        + "' (its parameter names or shapes differ)");
            }
            int count = in.readInt();
            if (count != params.size()) {
                throw fail("has " + count + " parameters; the model has " + params.size());
            }
            float[][] values = new float[count][];
            for (int i = 0; i < count; i++) {
                values[i] = readParam(params.get(i));
            }
            if (version >= 2 && in.readInt() != 0) {
                int n = in.readInt();
                if (n != model.spec().input().size()) {
                    throw fail("standardizes " + n + " features; the model's input has " + model.spec().input().size());
                }
                need(2L * n, 4, "standardization values");
                standardization = new Standardization(readFloats(n), readFloats(n));
            }
            long computed = checked.getChecksum().getValue();
            long stored = in.readLong();
            if (stored != computed) {
                throw fail("is damaged (checksum mismatch)");
            }
            if (remaining() != 0) {
                throw fail("has " + remaining() + " unexpected bytes after the checksum");
            }
            return values;
        }

        private float[] readParam(ModelSpec.Param p) throws IOException {
            String name = in.readUTF();
            if (!name.equals(p.name())) {
                throw fail("has parameter '" + name + "' where the model has '" + p.name() + "'");
            }
            int rank = in.readInt();
            if (rank != p.shape().length) {
                throw fail("gives " + name + " rank " + rank + "; the model has rank " + p.shape().length);
            }
            int[] dims = new int[rank];
            long size = 1;
            for (int k = 0; k < rank; k++) {
                dims[k] = in.readInt();
                if (dims[k] < 0) {
                    throw fail("gives " + name + " a negative dimension " + dims[k]);
                }
                size *= dims[k];
                need(size, 4, "values of " + name);
            }
            if (!Arrays.equals(dims, p.shape())) {
                throw fail("gives " + name + " shape " + Arrays.toString(dims) + "; the model has "
                        + Arrays.toString(p.shape()));
            }
            need(size, 4, "values of " + name);
            return readFloats((int) size);
        }

        private float[] readFloats(int size) throws IOException {
            float[] v = new float[size];
            byte[] chunk = new byte[Math.min(CHUNK_FLOATS, v.length) * Float.BYTES];
            for (int from = 0; from < v.length; from += CHUNK_FLOATS) {
                int n = Math.min(CHUNK_FLOATS, v.length - from);
                in.readFully(chunk, 0, n * Float.BYTES);
                ByteBuffer.wrap(chunk).asFloatBuffer().get(v, from, n);
            }
            return v;
        }

        /** Fails unless {@code count} items of {@code bytesEach} bytes, plus the checksum, fit in what is left. */
        private void need(long count, int bytesEach, String what) throws WeightsFileException {
            if (count < 0 || count > (remaining() - Long.BYTES) / bytesEach) {
                throw fail("is truncated or damaged: " + count + " " + what + " do not fit in the "
                        + remaining() + " bytes left");
            }
        }

        private long remaining() {
            return length - counter.count;
        }

        private WeightsFileException fail(String what) {
            return new WeightsFileException("weights file " + path + " " + what);
        }
    }

    /** Counts the bytes taken from the underlying stream. */
    private static final class CountingStream extends FilterInputStream {
        long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
