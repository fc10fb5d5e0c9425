import dnnc.generated.FashionMLP;
import dnnc.runtime.Predictor;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.IntStream;
import java.util.zip.GZIPInputStream;

/**
 * Classifies the Fashion-MNIST test images with a compiled model jar that has its weights baked in:
 *
 *   javac -cp fashion.jar Classify.java && java -cp fashion.jar:. Classify [/usr/share/datasets/fashion-mnist]
 */
public class Classify {
    static final String[] CLASSES = {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt",
            "Sneaker", "Bag", "Ankle boot"};

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "/usr/share/datasets/fashion-mnist");
        float[][] images = readImages(dir.resolve("t10k-images-idx3-ubyte.gz"));
        int[] labels = readLabels(dir.resolve("t10k-labels-idx1-ubyte.gz"));

        Predictor model = FashionMLP.load();          // the weights baked into the jar
        System.out.println("model " + model.name() + ": " + model.inputSize() + " inputs, " + model.classes()
                + " classes");

        // One image: pixel values as in the data files (0-255); the model applies its own scale (1/255).
        float[] p = model.probabilities(images[0]);
        int k = model.classify(images[0]);
        System.out.printf("image 0: %s (p = %.3f), actually %s%n", CLASSES[k], p[k], CLASSES[labels[0]]);

        // Every image, from all cores at once: a Predictor is safe to share between threads.
        long start = System.nanoTime();
        int[] predicted = IntStream.range(0, images.length).parallel().map(i -> model.classify(images[i])).toArray();
        double seconds = (System.nanoTime() - start) / 1e9;
        long correct = IntStream.range(0, images.length).filter(i -> predicted[i] == labels[i]).count();
        System.out.printf("accuracy %.4f (%d of %d test images, %.0f images/s)%n",
                (double) correct / images.length, correct, images.length, images.length / seconds);
    }

    static float[][] readImages(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new GZIPInputStream(Files.newInputStream(file)))) {
            if (in.readInt() != 0x803) {
                throw new IOException(file + " is not an IDX file of images");
            }
            int n = in.readInt();
            int size = in.readInt() * in.readInt();
            byte[] pixels = new byte[size];
            float[][] images = new float[n][size];
            for (int i = 0; i < n; i++) {
                in.readFully(pixels);
                for (int j = 0; j < size; j++) {
                    images[i][j] = pixels[j] & 0xff;
                }
            }
            return images;
        }
    }

    static int[] readLabels(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new GZIPInputStream(Files.newInputStream(file)))) {
            if (in.readInt() != 0x801) {
                throw new IOException(file + " is not an IDX file of labels");
            }
            int[] labels = new int[in.readInt()];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = in.readUnsignedByte();
            }
            return labels;
        }
    }
}
