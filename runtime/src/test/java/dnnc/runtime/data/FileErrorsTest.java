package dnnc.runtime.data;

import static dnnc.runtime.data.TestData.assertFails;
import static dnnc.runtime.data.TestData.csvSource;
import static dnnc.runtime.data.TestData.dims;
import static dnnc.runtime.data.TestData.gzip;
import static dnnc.runtime.data.TestData.idxSource;
import static dnnc.runtime.data.TestData.labels;
import static dnnc.runtime.data.TestData.ubyteIdx;
import static dnnc.runtime.data.TestData.write;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Problems with the files themselves, whatever their format. */
class FileErrorsTest {
    @TempDir
    Path dir;

    @Test
    void reportsAMissingFile() {
        String missing = dir.resolve("nowhere.csv").toString();

        assertFails(() -> DataLoader.load(csvSource(missing, "y", 1.0), 1, labels(2)), missing, "not found");
    }

    @Test
    void reportsAMissingLabelsFile() {
        String x = write(dir, "x.idx", ubyteIdx(dims(1, 1), 0));
        String missing = dir.resolve("labels.idx").toString();

        assertFails(() -> DataLoader.load(idxSource(x, missing, 1.0), 1, labels(2)), missing, "not found");
    }

    @Test
    void reportsAnUnreadableFile() throws IOException {
        String path = write(dir, "secret.csv", "a,y\n1,0\n");
        Files.setPosixFilePermissions(Path.of(path), PosixFilePermissions.fromString("---------"));
        assumeFalse(Files.isReadable(Path.of(path)), "running as a user who can read anything (root)");

        assertFails(() -> DataLoader.load(csvSource(path, "y", 1.0), 1, labels(2)), path, "cannot be read");
    }

    @Test
    void reportsADirectoryGivenAsAFile() {
        String path = dir.toString();

        assertFails(() -> DataLoader.loadFeatures(path, 1, null, 1.0), path, "directory");
    }

    @Test
    void reportsAnEmptyIdxFile() {
        String x = write(dir, "x.idx", new byte[0]);
        String y = write(dir, "y.idx", ubyteIdx(dims(1), 0));

        assertFails(() -> DataLoader.load(idxSource(x, y, 1.0), 1, labels(2)), x, "empty");
    }

    @Test
    void reportsAnEmptyCsvFile() {
        String path = write(dir, "data.csv", "");

        assertFails(() -> DataLoader.load(csvSource(path, "y", 1.0), 1, labels(2)), path, "empty");
    }

    @Test
    void reportsACsvFileOfOnlyEmptyLines() {
        String path = write(dir, "data.csv", "\n\n");

        assertFails(() -> DataLoader.loadFeatures(path, 1, null, 1.0), path, "empty");
    }

    @Test
    void reportsAGzipFileThatDecompressesToNothing() {
        String x = write(dir, "x.idx.gz", gzip(new byte[0]));
        String y = write(dir, "y.idx", ubyteIdx(dims(1), 0));

        assertFails(() -> DataLoader.load(idxSource(x, y, 1.0), 1, labels(2)), x, "empty");
    }

    @Test
    void reportsCorruptedGzipData() {
        byte[] data = new byte[20000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 31 % 251);
        }
        byte[] zipped = gzip(ubyteIdx(dims(100, 200), toInts(data)));
        for (int i = 20; i < zipped.length - 20; i += 7) {
            zipped[i] ^= 0x5a;
        }
        String x = write(dir, "x.idx.gz", zipped);
        String y = write(dir, "y.idx", ubyteIdx(dims(100), new int[100]));

        assertFails(() -> DataLoader.load(idxSource(x, y, 1.0), 200, labels(2)), x, "corrupted");
    }

    @Test
    void reportsAChangedGzipChecksum() {
        byte[] zipped = gzip(ubyteIdx(dims(2, 2), 1, 2, 3, 4));
        zipped[zipped.length - 8] ^= 1; // the CRC-32 of the content, in the trailer
        String x = write(dir, "x.idx.gz", zipped);
        String y = write(dir, "y.idx", ubyteIdx(dims(2), 0, 1));

        assertFails(() -> DataLoader.load(idxSource(x, y, 1.0), 2, labels(2)), x, "corrupted");
    }

    @Test
    void reportsATruncatedGzipFile() {
        byte[] zipped = gzip(ubyteIdx(dims(100, 200), new int[20000]));
        String x = write(dir, "x.idx.gz", Arrays.copyOf(zipped, zipped.length / 2));
        String y = write(dir, "y.idx", ubyteIdx(dims(100), new int[100]));

        assertFails(() -> DataLoader.load(idxSource(x, y, 1.0), 200, labels(2)), x, "truncated");
    }

    @Test
    void reportsAnUnknownFormat() {
        String path = write(dir, "data.json", "{}");
        var source = new dnnc.runtime.ModelSpec.DataSource("train", "json", java.util.List.of(path), "y", 1.0);

        assertFails(() -> DataLoader.load(source, 1, labels(2)), path, "json", "idx, npy or csv");
    }

    private static int[] toInts(byte[] bytes) {
        int[] ints = new int[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            ints[i] = bytes[i] & 0xff;
        }
        return ints;
    }
}
