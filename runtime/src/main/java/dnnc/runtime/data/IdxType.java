package dnnc.runtime.data;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** The element types IDX defines, by their type byte, and how to turn their big-endian bytes into floats. */
enum IdxType {
    UNSIGNED_BYTE(0x08, 1), SIGNED_BYTE(0x09, 1), SHORT(0x0B, 2), INT(0x0C, 4), FLOAT(0x0D, 4), DOUBLE(0x0E, 8);

    /** The known type bytes, for messages. */
    static final String KNOWN = "08 (unsigned byte), 09 (signed byte), 0B (short), 0C (int), 0D (float) or 0E (double)";

    final int code;
    final int bytes;

    IdxType(int code, int bytes) {
        this.code = code;
        this.bytes = bytes;
    }

    /** The type with this type byte, or null. */
    static IdxType of(int code) {
        for (IdxType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        return null;
    }

    /**
     * Decodes the first {@code count} elements in {@code bytes} into {@code out}, multiplied by {@code scale}. One
     * loop per type, rather than a switch per element, keeps the loops simple enough to be fast even before the
     * JIT has warmed up.
     */
    void decode(byte[] bytes, int count, double scale, float[] out) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN);
        switch (this) {
            case UNSIGNED_BYTE -> {
                float[] table = byteTable(scale, 0xff);
                for (int i = 0; i < count; i++) {
                    out[i] = table[bytes[i] & 0xff];
                }
            }
            case SIGNED_BYTE -> {
                float[] table = byteTable(scale, -1);
                for (int i = 0; i < count; i++) {
                    out[i] = table[bytes[i] & 0xff];
                }
            }
            case SHORT -> {
                for (int i = 0; i < count; i++) {
                    out[i] = (float) (b.getShort(2 * i) * scale);
                }
            }
            case INT -> {
                for (int i = 0; i < count; i++) {
                    out[i] = (float) (b.getInt(4 * i) * scale);
                }
            }
            case FLOAT -> {
                for (int i = 0; i < count; i++) {
                    out[i] = (float) (b.getFloat(4 * i) * scale);
                }
            }
            case DOUBLE -> {
                for (int i = 0; i < count; i++) {
                    out[i] = (float) (b.getDouble(8 * i) * scale);
                }
            }
        }
    }

    /**
     * The scaled value of each of the 256 byte patterns ({@code mask} 0xff reads them unsigned, -1 signed): a table
     * lookup per byte is cheaper than a conversion and a multiplication.
     */
    private static float[] byteTable(double scale, int mask) {
        float[] table = new float[256];
        for (int i = 0; i < 256; i++) {
            table[i] = (float) (((byte) i & mask) * scale);
        }
        return table;
    }
}
