package dnnc.runtime.data;

import static dnnc.runtime.data.TestData.assertFails;
import static dnnc.runtime.data.TestData.dims;
import static dnnc.runtime.data.TestData.floatIdx;
import static dnnc.runtime.data.TestData.floats;
import static dnnc.runtime.data.TestData.gzip;
import static dnnc.runtime.data.TestData.idx;
import static dnnc.runtime.data.TestData.idxSource;
import static dnnc.runtime.data.TestData.labels;
import static dnnc.runtime.data.TestData.ubyteIdx;
import static dnnc.runtime.data.TestData.write;

import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** IDX files that are malformed or do not match the model. */
class IdxErrorsTest {
    @TempDir
    Path dir;

    private String labelsFile(int... labels) {
        return write(dir, "y.idx", ubyteIdx(dims(labels.length), labels));
    }

    @Test
    void reportsTruncatedData() {
        byte[] full = ubyteIdx(dims(3, 4), new int[12]);
        String x = write(dir, "x.idx", Arrays.copyOf(full, full.length - 5));
        String y = labelsFile(0, 0, 0);

        assertFails(() -> DataLoader.load(idxSource(x, y, 1.0), 4, labels(2)), x, "truncated", "3x4", "12 values");
    }

    @Test
    void reportsTruncatedGzippedData() {
        byte[] full = ubyteIdx(dims(3, 4), new int[12]);
        String x = write(dir, "x.idx.gz", gzip(Arrays.copyOf(full, full.length - 5)));
        String y = labelsFile(0, 0, 0);

        assertFails(() -> DataLoader.load(idxSource(x, y, 1.0), 4, labels(2)), x, "truncated", "ends after 7");
    }

    @Test
    void reportsAHugeDeclaredSizeAsTruncatedWithoutAllocatingIt() {
        byte[] header = idx(TestData.FLOAT, dims(2_000_000, 1000), new byte[64]);
        String plain = write(dir, "x.idx", header);
        String zipped = write(dir, "x.idx.gz", gzip(header));

        assertFails(() -> DataLoader.loadFeatures(plain, 1000, null, 1.0), plain, "truncated", "2000000x1000");
        assertFails(() -> DataLoader.loadFeatures(zipped, 1000, null, 1.0), zipped, "truncated", "ends after 16");
    }

    @Test
    void reportsASizeBeyondWhatMemoryCanHold() {
        String x = write(dir, "x.idx", idx(TestData.UBYTE, dims(100_000, 100_000), new byte[8]));

        assertFails(() -> DataLoader.loadFeatures(x, 100_000, null, 1.0), x, "100000x100000", "more than");
    }

    @Test
    void reportsDataAfterWhatTheHeaderDeclares() {
        String x = write(dir, "x.idx", ubyteIdx(dims(1, 2), 1, 2, 3));

        assertFails(() -> DataLoader.loadFeatures(x, 2, null, 1.0), x, "1 byte follows", "1x2");
    }

    @Test
    void reportsDataAfterWhatTheHeaderDeclaresInAGzippedFile() {
        String x = write(dir, "x.idx.gz", gzip(ubyteIdx(dims(1, 2), 1, 2, 3, 4, 5)));

        assertFails(() -> DataLoader.loadFeatures(x, 2, null, 1.0), x, "3 bytes follow", "1x2");
    }

    @Test
    void reportsATruncatedHeader() {
        String x = write(dir, "x.idx", new byte[] {0, 0, 8, 3, 0, 0, 0, 5});
        String y = labelsFile(0);

        assertFails(() -> DataLoader.load(idxSource(x, y, 1.0), 1, labels(2)), x, "truncated IDX header");
    }

    @Test
    void reportsBadMagicBytes() {
        byte[] bytes = ubyteIdx(dims(1, 1), 0);
        bytes[1] = 7;
        String x = write(dir, "x.idx", bytes);
        String y = labelsFile(0);

        assertFails(() -> DataLoader.load(idxSource(x, y, 1.0), 1, labels(2)), x, "not an IDX file", "00 07");
    }

    @Test
    void reportsATextFileGivenAsIdx() {
        String x = write(dir, "x.csv", "a,b\n1,2\n");
        String y = labelsFile(0);

        assertFails(() -> DataLoader.load(idxSource(x, y, 1.0), 1, labels(2)), x, "not an IDX file", "csv");
    }

    @Test
    void reportsAnUnknownTypeByte() {
        String x = write(dir, "x.idx", idx(0x0A, dims(1, 1), new byte[1]));
        String y = labelsFile(0);

        assertFails(() -> DataLoader.load(idxSource(x, y, 1.0), 1, labels(2)), x, "type byte 0a", "08");
    }

    @Test
    void reportsFeatureCountDifferentFromTheModelsInputSize() {
        String x = write(dir, "x.idx", ubyteIdx(dims(2, 2, 3), new int[12]));
        String y = labelsFile(0, 1);

        assertFails(() -> DataLoader.load(idxSource(x, y, 1.0), 4, labels(2)), x, "6 values", "2x2x3", "takes 4");
    }

    @Test
    void reportsLabelCountDifferentFromExampleCount() {
        String x = write(dir, "x.idx", ubyteIdx(dims(3, 1), 0, 0, 0));
        String y = labelsFile(0, 1);

        assertFails(() -> DataLoader.load(idxSource(x, y, 1.0), 1, labels(2)), y, "holds 2 labels", x, "3 examples");
    }

    @Test
    void reportsTargetsOfTheWrongShape() {
        String x = write(dir, "x.idx", ubyteIdx(dims(2, 1), 0, 0));
        String y = write(dir, "y.idx", floatIdx(dims(2, 3), new float[6]));

        assertFails(() -> DataLoader.load(idxSource(x, y, 1.0), 1, floats(2)), y, "3 values", "takes 2");
    }

    @Test
    void reportsALabelOutOfRangeWithItsIndex() {
        String x = write(dir, "x.idx", ubyteIdx(dims(3, 1), 0, 0, 0));
        String y = labelsFile(1, 0, 10);

        assertFails(() -> DataLoader.load(idxSource(x, y, 1.0), 1, labels(10)), y, "index 2", "0 to 9", "found 10");
    }

    @Test
    void reportsALabelThatIsNotAWholeNumber() {
        String x = write(dir, "x.idx", ubyteIdx(dims(2, 1), 0, 0));
        String y = write(dir, "y.idx", floatIdx(dims(2), 1f, 0.5f));

        assertFails(() -> DataLoader.load(idxSource(x, y, 1.0), 1, labels(2)), y, "index 1", "found 0.5");
    }

    @Test
    void reportsAnExamplesFileWithNoExamples() {
        String x = write(dir, "x.idx", ubyteIdx(dims(0, 3)));

        assertFails(() -> DataLoader.loadFeatures(x, 3, null, 1.0), x, "no examples");
    }

    @Test
    void reportsTheWrongNumberOfFilesForIdx() {
        String x = write(dir, "x.idx", ubyteIdx(dims(1, 1), 0));
        var source = new dnnc.runtime.ModelSpec.DataSource("train", "idx", java.util.List.of(x), null, 1.0);

        assertFails(() -> DataLoader.load(source, 1, labels(2)), x, "two files");
    }
}
