package dnnc.runtime.data;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dnnc.runtime.ModelSpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.function.Executable;

/** Builds small data files and model descriptions for the data tests, and checks error messages. */
final class TestData {
    static final int UBYTE = 0x08;
    static final int BYTE = 0x09;
    static final int SHORT = 0x0B;
    static final int INT = 0x0C;
    static final int FLOAT = 0x0D;
    static final int DOUBLE = 0x0E;

    private TestData() {
    }

    /** An IDX file: magic, dimensions, then {@code data} as given (already big-endian). */
    static byte[] idx(int type, int[] dims, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + data.length);
        b.put((byte) 0).put((byte) 0).put((byte) type).put((byte) dims.length);
        for (int d : dims) {
            b.putInt(d);
        }
        return b.put(data).array();
    }

    static byte[] ubyteIdx(int[] dims, int... values) {
        byte[] data = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            data[i] = (byte) values[i];
        }
        return idx(UBYTE, dims, data);
    }

    static byte[] floatIdx(int[] dims, float... values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length);
        for (float v : values) {
            b.putFloat(v);
        }
        return idx(FLOAT, dims, b.array());
    }

    static int[] dims(int... dims) {
        return dims;
    }

    static byte[] gzip(byte[] plain) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(plain);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static String write(Path dir, String name, byte[] content) {
        try {
            return Files.write(dir.resolve(name), content).toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String write(Path dir, String name, String text) {
        return write(dir, name, text.getBytes(StandardCharsets.UTF_8));
    }

    static ModelSpec.Target labels(int classes) {
        return new ModelSpec.Target("y", 0, true, classes, new int[0]);
    }

    static ModelSpec.Target floats(int... shape) {
        return new ModelSpec.Target("y", 0, false, 0, shape);
    }

    static ModelSpec.DataSource idxSource(String examples, String targets, double scale) {
        return new ModelSpec.DataSource("train", "idx", List.of(examples, targets), null, scale);
    }

    static ModelSpec.DataSource csvSource(String path, String targetColumn, double scale) {
        return new ModelSpec.DataSource("train", "csv", List.of(path), targetColumn, scale);
    }

    /** Runs {@code read}, expecting a DataException whose one-line message contains every fragment. */
    static String assertFails(Executable read, String... fragments) {
        String message = assertThrows(DataException.class, read).getMessage();
        assertFalse(message.contains("\n"), "message is not one line: " + message);
        for (String fragment : fragments) {
            assertTrue(message.contains(fragment), "message lacks \"" + fragment + "\": " + message);
        }
        return message;
    }
}
