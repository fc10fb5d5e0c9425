package dnnc.runtime.data;

import static dnnc.runtime.data.TestData.idxSource;
import static dnnc.runtime.data.TestData.labels;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Reads the real Fashion-MNIST test set, where the system package has installed it. */
class FashionMnistTest {
    private static final Path DIR = Path.of("/usr/share/datasets/fashion-mnist");

    @Test
    void readsTheTenThousandTestImagesAndLabels() {
        Path images = DIR.resolve("t10k-images-idx3-ubyte.gz");
        Path labels = DIR.resolve("t10k-labels-idx1-ubyte.gz");
        assumeTrue(Files.isReadable(images) && Files.isReadable(labels), "Fashion-MNIST is not installed");

        Dataset d = DataLoader.load(idxSource(images.toString(), labels.toString(), 1 / 255.0), 784, labels(10));

        assertEquals(10000, d.size());
        assertEquals(784, d.featureSize());
        assertEquals(10000 * 784, d.features().length);
        int[] perClass = new int[10];
        for (float label : d.targets()) {
            perClass[(int) label]++;
        }
        for (int count : perClass) {
            assertEquals(1000, count, "the test set holds 1000 images of each class");
        }
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        for (float v : d.features()) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        assertEquals(0f, min);
        assertEquals(1f, max);
        assertTrue(d.source().contains("t10k-images"), d.source());
    }
}
