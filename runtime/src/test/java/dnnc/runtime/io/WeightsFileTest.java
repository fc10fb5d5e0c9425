package dnnc.runtime.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dnnc.runtime.LinearRegressionKernel;
import dnnc.runtime.Model;
import dnnc.runtime.ModelSpec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WeightsFileTest {
    @TempDir
    Path dir;

    private static Model model(String name, int features, long seed) {
        Model m = new Model(new LinearRegressionKernel(features, name,
                new ModelSpec.Train("sgd", Map.of("lr", 0.1), 1, 1, 1), List.of()));
        m.initialize(seed);
        return m;
    }

    private Path saved(Model m) throws IOException {
        Path p = dir.resolve("m.weights");
        WeightsFile.save(m, p);
        return p;
    }

    /** Loads into a fresh model and checks that a failed load left its parameters alone. */
    private String loadFails(Path p) {
        Model target = model("linreg", 3, 2);
        float[][] before = target.copyParameters();
        WeightsFileException e = assertThrows(WeightsFileException.class, () -> WeightsFile.load(target, p));
        assertArrayEquals(before[0], target.parameter(0));
        assertArrayEquals(before[1], target.parameter(1));
        return e.getMessage();
    }

    @Test
    void savedWeightsLoadBackExactly() throws IOException {
        Model source = model("linreg", 3, 1);
        Model target = model("linreg", 3, 2);
        WeightsFile.load(target, saved(source));
        assertArrayEquals(source.parameter(0), target.parameter(0));
        assertArrayEquals(source.parameter(1), target.parameter(1));
    }

    @Test
    void savingLeavesNoTemporaryFileBehind() throws IOException {
        saved(model("linreg", 3, 1));
        saved(model("linreg", 3, 2));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(dir.resolve("m.weights")), files.toList());
        }
    }

    @Test
    void weightsOfAnotherModelAreRefusedNamingBothModels() throws IOException {
        String message = loadFails(saved(model("other", 3, 1)));
        assertTrue(message.contains("for model 'other', not for 'linreg'"), message);
    }

    @Test
    void weightsOfADifferentShapeAreRefused() throws IOException {
        String message = loadFails(saved(model("linreg", 4, 1)));
        assertTrue(message.contains("different version of model 'linreg'"), message);
    }

    @Test
    void truncatedFileIsReported() throws IOException {
        Path p = saved(model("linreg", 3, 1));
        byte[] bytes = Files.readAllBytes(p);
        Files.write(p, Arrays.copyOf(bytes, bytes.length - 10));
        String message = loadFails(p);
        assertTrue(message.contains("truncated"), message);
    }

    @Test
    void flippedByteFailsTheChecksum() throws IOException {
        Path p = saved(model("linreg", 3, 1));
        byte[] bytes = Files.readAllBytes(p);
        bytes[bytes.length - 16] ^= 0x40; // inside the last float (then: standardization flag, checksum)
        Files.write(p, bytes);
        String message = loadFails(p);
        assertTrue(message.contains("checksum"), message);
    }

    @Test
    void absurdDimensionIsRefusedBeforeAllocating() throws IOException {
        Path p = saved(model("linreg", 3, 1));
        byte[] bytes = Files.readAllBytes(p);
        // Header: magic 4, version 4, name 2+6, fingerprint 8, count 4; then "W" 2+1, rank 4, first dim.
        int firstDim = 4 + 4 + 2 + 6 + 8 + 4 + 3 + 4;
        assertEquals(3, ByteBuffer.wrap(bytes).getInt(firstDim));
        ByteBuffer.wrap(bytes).putInt(firstDim, Integer.MAX_VALUE);
        Files.write(p, bytes);
        String message = loadFails(p);
        assertTrue(message.contains("do not fit"), message);
    }

    @Test
    void fileThatIsNotAWeightsFileIsRecognised() throws IOException {
        Path p = dir.resolve("notes.txt");
        Files.writeString(p, "hello, these are not weights");
        assertTrue(loadFails(p).endsWith("is not a dnnc weights file"));
    }

    @Test
    void missingFileIsReportedByName() {
        assertTrue(loadFails(dir.resolve("nope.weights")).contains("nope.weights does not exist"));
    }
}
