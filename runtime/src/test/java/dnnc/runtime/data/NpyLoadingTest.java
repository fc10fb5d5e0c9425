package dnnc.runtime.data;

import static dnnc.runtime.data.TestData.assertFails;
import static dnnc.runtime.data.TestData.floats;
import static dnnc.runtime.data.TestData.labels;
import static dnnc.runtime.data.TestData.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dnnc.runtime.ModelSpec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyLoadingTest {
    @TempDir
    java.nio.file.Path dir;

    /** A version 1 .npy file: magic, version, header padded to 64 bytes, data. */
    static byte[] npy(String descr, boolean fortran, String shape, byte[] data) {
        String dict = "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False")
                + ", 'shape': (" + shape + "), }";
        StringBuilder header = new StringBuilder(dict);
        while ((10 + header.length() + 1) % 64 != 0) {
            header.append(' ');
        }
        header.append('\n');
        byte[] h = header.toString().getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer b = ByteBuffer.allocate(10 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) h.length).put(h).put(data);
        return b.array();
    }

    static byte[] f4(float... v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float x : v) {
            b.putFloat(x);
        }
        return b.array();
    }

    static byte[] f8(double... v) {
        ByteBuffer b = ByteBuffer.allocate(8 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (double x : v) {
            b.putDouble(x);
        }
        return b.array();
    }

    static byte[] i8(long... v) {
        ByteBuffer b = ByteBuffer.allocate(8 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long x : v) {
            b.putLong(x);
        }
        return b.array();
    }

    private Dataset load(byte[] x, byte[] y, int featureSize, ModelSpec.Target target) {
        String xp = write(dir, "x.npy", x);
        String yp = write(dir, "y.npy", y);
        return DataLoader.load(new ModelSpec.DataSource("train", "npy", List.of(xp, yp), null, 0.5), featureSize, target);
    }

    @Test
    void readsFloat32FeaturesAndInt64LabelsScalingOnlyTheFeatures() {
        Dataset d = load(npy("<f4", false, "2, 2", f4(1, 2, 3, 4)), npy("<i8", false, "2,", i8(1, 0)), 2, labels(2));
        assertEquals(2, d.size());
        assertArrayEquals(new float[] {0.5f, 1, 1.5f, 2}, d.features());
        assertArrayEquals(new float[] {1, 0}, d.targets());
    }

    @Test
    void readsUint8FeaturesAndFloat64Targets() {
        Dataset d = load(npy("|u1", false, "2, 1", new byte[] {(byte) 200, 4}), npy("<f8", false, "2, 1", f8(0.25, -1)),
                1, floats(1));
        assertArrayEquals(new float[] {100, 2}, d.features());
        assertArrayEquals(new float[] {0.25f, -1}, d.targets());
    }

    @Test
    void bigEndianDataIsRefusedWithAFix() {
        assertFails(() -> load(npy(">f4", false, "1, 1", f4(1)), npy("<i8", false, "1,", i8(0)), 1, labels(2)),
                "x.npy", "big-endian", "astype('<f4')");
    }

    @Test
    void fortranOrderIsRefusedWithAFix() {
        assertFails(() -> load(npy("<f4", true, "1, 1", f4(1)), npy("<i8", false, "1,", i8(0)), 1, labels(2)),
                "x.npy", "Fortran order", "ascontiguousarray");
    }

    @Test
    void unsupportedElementTypeIsNamed() {
        assertFails(() -> load(npy("<c16", false, "1, 1", new byte[16]), npy("<i8", false, "1,", i8(0)), 1, labels(2)),
                "x.npy", "'<c16'", "float32");
    }

    @Test
    void truncatedDataSaysHowMuchIsMissing() {
        assertFails(() -> load(npy("<f4", false, "3, 2", f4(1, 2, 3)), npy("<i8", false, "3,", i8(0, 1, 0)), 2, labels(2)),
                "x.npy", "truncated");
    }

    @Test
    void extraBytesAfterTheDataAreAnError() {
        assertFails(() -> load(npy("<f4", false, "1, 1", f4(1, 2)), npy("<i8", false, "1,", i8(0)), 1, labels(2)),
                "x.npy", "more bytes follow");
    }

    @Test
    void notAnNpyFileIsSaidSo() {
        assertFails(() -> load("a,b\n1,2\n".getBytes(StandardCharsets.US_ASCII), npy("<i8", false, "1,", i8(0)), 1,
                labels(2)), "x.npy", "not a NumPy .npy file");
    }

    @Test
    void featureCountMismatchNamesBothSizes() {
        assertFails(() -> load(npy("<f4", false, "1, 3", f4(1, 2, 3)), npy("<i8", false, "1,", i8(0)), 2, labels(2)),
                "x.npy", "3 values", "takes 2");
    }

    @Test
    void exampleCountMismatchNamesBothFiles() {
        assertFails(() -> load(npy("<f4", false, "2, 1", f4(1, 2)), npy("<i8", false, "3,", i8(0, 1, 0)), 1, labels(2)),
                "y.npy", "3 labels", "2 examples");
    }

    @Test
    void labelOutOfRangeIsNamedWithItsIndex() {
        assertFails(() -> load(npy("<f4", false, "2, 1", f4(1, 2)), npy("<i8", false, "2,", i8(0, 5)), 1, labels(2)),
                "y.npy", "index 1", "found 5");
    }

    @Test
    void predictReadsAnNpyFileOfFeatures() {
        String xp = write(dir, "rows.npy", npy("<f4", false, "2, 2", f4(1, 2, 3, 4)));
        Dataset d = DataLoader.loadFeatures(xp, 2, null, 1.0);
        assertArrayEquals(new float[] {1, 2, 3, 4}, d.features());
    }
}
