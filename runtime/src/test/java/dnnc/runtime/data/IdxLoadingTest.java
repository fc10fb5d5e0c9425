package dnnc.runtime.data;

import static dnnc.runtime.data.TestData.dims;
import static dnnc.runtime.data.TestData.floatIdx;
import static dnnc.runtime.data.TestData.floats;
import static dnnc.runtime.data.TestData.gzip;
import static dnnc.runtime.data.TestData.idx;
import static dnnc.runtime.data.TestData.idxSource;
import static dnnc.runtime.data.TestData.labels;
import static dnnc.runtime.data.TestData.ubyteIdx;
import static dnnc.runtime.data.TestData.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxLoadingTest {
    @TempDir
    Path dir;

    private static final int[] PIXELS = {0, 1, 2, 3, 128, 200, 254, 255};

    @Test
    void readsPlainUnsignedByteExamplesAndLabels() {
        String x = write(dir, "x.idx", ubyteIdx(dims(2, 2, 2), PIXELS));
        String y = write(dir, "y.idx", ubyteIdx(dims(2), 1, 0));

        Dataset d = DataLoader.load(idxSource(x, y, 1.0), 4, labels(2));

        assertEquals(2, d.size());
        assertEquals(4, d.featureSize());
        assertEquals(1, d.targetSize());
        assertArrayEquals(new float[] {0, 1, 2, 3, 128, 200, 254, 255}, d.features());
        assertArrayEquals(new float[] {1, 0}, d.targets());
    }

    @Test
    void readsGzippedUnsignedByteExamplesAndLabels() {
        String x = write(dir, "x.idx.gz", gzip(ubyteIdx(dims(2, 4), PIXELS)));
        String y = write(dir, "y.idx.gz", gzip(ubyteIdx(dims(2), 1, 0)));

        Dataset d = DataLoader.load(idxSource(x, y, 1.0), 4, labels(2));

        assertArrayEquals(new float[] {0, 1, 2, 3, 128, 200, 254, 255}, d.features());
        assertArrayEquals(new float[] {1, 0}, d.targets());
    }

    @Test
    void readsPlainFloatExamplesAndFloatTargets() {
        String x = write(dir, "x.idx", floatIdx(dims(2, 3), 0.5f, -1.25f, 3e7f, 0f, -0f, 1e-3f));
        String y = write(dir, "y.idx", floatIdx(dims(2, 2), 1.5f, 2.5f, -3.5f, 4.5f));

        Dataset d = DataLoader.load(idxSource(x, y, 1.0), 3, floats(2));

        assertArrayEquals(new float[] {0.5f, -1.25f, 3e7f, 0f, -0f, 1e-3f}, d.features());
        assertEquals(2, d.targetSize());
        assertArrayEquals(new float[] {1.5f, 2.5f, -3.5f, 4.5f}, d.targets());
    }

    @Test
    void readsGzippedFloatExamplesAndFloatTargets() {
        String x = write(dir, "x.gz", gzip(floatIdx(dims(2, 3), 0.5f, -1.25f, 3e7f, 0f, -0f, 1e-3f)));
        String y = write(dir, "y.gz", gzip(floatIdx(dims(2, 1), 1.5f, -2.5f)));

        Dataset d = DataLoader.load(idxSource(x, y, 1.0), 3, floats(1));

        assertArrayEquals(new float[] {0.5f, -1.25f, 3e7f, 0f, -0f, 1e-3f}, d.features());
        assertArrayEquals(new float[] {1.5f, -2.5f}, d.targets());
    }

    @Test
    void decodesSignedByteShortIntAndDoubleElements() {
        ByteBuffer shorts = ByteBuffer.allocate(4).putShort((short) -300).putShort((short) 30000);
        ByteBuffer ints = ByteBuffer.allocate(8).putInt(-70000).putInt(16777216);
        ByteBuffer doubles = ByteBuffer.allocate(16).putDouble(0.1).putDouble(-2.5e10);
        String y = write(dir, "y.idx", ubyteIdx(dims(1), 0));

        float[][] read = {
            load(idx(TestData.BYTE, dims(1, 2), new byte[] {-128, 127}), y),
            load(idx(TestData.SHORT, dims(1, 2), shorts.array()), y),
            load(idx(TestData.INT, dims(1, 2), ints.array()), y),
            load(idx(TestData.DOUBLE, dims(1, 2), doubles.array()), y),
        };

        assertArrayEquals(new float[] {-128, 127}, read[0]);
        assertArrayEquals(new float[] {-300, 30000}, read[1]);
        assertArrayEquals(new float[] {-70000, 16777216}, read[2]);
        assertArrayEquals(new float[] {0.1f, -2.5e10f}, read[3]);
    }

    private float[] load(byte[] examples, String labelsPath) {
        String x = write(dir, "x.idx", examples);
        return DataLoader.load(idxSource(x, labelsPath, 1.0), 2, labels(1)).features();
    }

    @Test
    void multipliesFeaturesButNotLabelsByScale() {
        String x = write(dir, "x.idx", ubyteIdx(dims(2, 2), 0, 51, 255, 102));
        String y = write(dir, "y.idx", ubyteIdx(dims(2), 3, 1));

        Dataset d = DataLoader.load(idxSource(x, y, 1 / 255.0), 2, labels(4));

        assertArrayEquals(new float[] {0f, 0.2f, 1f, 0.4f}, d.features(), 1e-7f);
        assertArrayEquals(new float[] {3, 1}, d.targets());
    }

    @Test
    void detectsGzipByContentNotByName() {
        String x = write(dir, "looks-plain.idx", gzip(ubyteIdx(dims(1, 2), 7, 8)));
        String y = write(dir, "looks-compressed.gz", ubyteIdx(dims(1), 0));

        Dataset d = DataLoader.load(idxSource(x, y, 1.0), 2, labels(1));

        assertArrayEquals(new float[] {7, 8}, d.features());
    }

    @Test
    void acceptsLabelsWithATrailingDimensionOfOne() {
        String x = write(dir, "x.idx", ubyteIdx(dims(2, 1), 5, 6));
        String y = write(dir, "y.idx", ubyteIdx(dims(2, 1), 1, 2));

        Dataset d = DataLoader.load(idxSource(x, y, 1.0), 1, labels(3));

        assertArrayEquals(new float[] {1, 2}, d.targets());
    }

    @Test
    void readsAnExamplesFileAloneForPrediction() {
        String x = write(dir, "x.idx.gz", gzip(ubyteIdx(dims(2, 2), 0, 51, 255, 102)));

        Dataset d = DataLoader.loadFeatures(x, 2, "label", 1 / 255.0);

        assertEquals(2, d.size());
        assertEquals(0, d.targetSize());
        assertEquals(0, d.targets().length);
        assertArrayEquals(new float[] {0f, 0.2f, 1f, 0.4f}, d.features(), 1e-7f);
    }
}
