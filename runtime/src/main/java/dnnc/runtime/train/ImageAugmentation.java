package dnnc.runtime.train;

import dnnc.runtime.ModelSpec;
import java.util.Arrays;

/**
 * Random translations and left-right mirroring of the images of a training batch, in place: the train block's
 * {@code augment = images(shift = S, flip = B)}, which does what torchvision's {@code RandomCrop(size,
 * padding = S)} and {@code RandomHorizontalFlip()} do. Each image is moved by offsets drawn uniformly from
 * [-S, S] for each axis independently, pixels moved in from outside are 0 (zero padding, then a crop back to
 * the size), and it is mirrored with probability 1/2.
 *
 * <p>Every draw comes from the generator passed in (the trainer's, whose state checkpoints save), so a run is
 * reproducible and a resumed run continues with the same draws. The one-image scratch buffer is allocated once:
 * {@link #apply} allocates nothing, as a training step must not.
 */
public final class ImageAugmentation {
    private final int channels;
    private final int height;
    private final int width;
    private final int shift;
    private final boolean flip;
    private final float[] image;

    /** @throws IllegalArgumentException when {@code shape} is not [C, H, W] or the shift is not below H and W */
    public ImageAugmentation(ModelSpec.Augment settings, String inputName, int[] shape) {
        String problem = problem(settings, inputName, shape);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        this.channels = shape[0];
        this.height = shape[1];
        this.width = shape[2];
        this.shift = settings.shift();
        this.flip = settings.flip();
        this.image = new float[channels * height * width];
    }

    /** The augmentation of {@code settings} for the model's input, or null when the settings turn it off. */
    public static ImageAugmentation of(ModelSpec.Augment settings, ModelSpec.Tensor input) {
        return settings.active() ? new ImageAugmentation(settings, input.name(), input.shape()) : null;
    }

    /**
     * Why {@code settings} cannot augment an input of this shape, or null when they can (or are off): the input
     * must be an image [C, H, W], and a shift of H or W or more would move every pixel out of view.
     */
    public static String problem(ModelSpec.Augment settings, String inputName, int[] shape) {
        if (!settings.active()) {
            return null;
        }
        if (shape.length != 3) {
            return "augmentation needs an image input [C, H, W]; input " + inputName + " is " + Arrays.toString(shape);
        }
        if (settings.shift() >= shape[1] || settings.shift() >= shape[2]) {
            return "augmentation shift " + settings.shift() + " must be below the image's height and width ("
                    + shape[1] + " and " + shape[2] + ")";
        }
        return null;
    }

    /**
     * Augments the first {@code n} images of {@code batch} (C·H·W floats each, one after the other) in place.
     * For each image it draws, in this order, the vertical and the horizontal offset (only when shift > 0) and
     * whether to mirror it (only when flipping), so that turning one off does not waste draws.
     */
    public void apply(float[] batch, int n, Rng rng) {
        int size = image.length;
        int choices = 2 * shift + 1;
        for (int i = 0; i < n; i++) {
            int dy = shift > 0 ? rng.nextInt(choices) - shift : 0;
            int dx = shift > 0 ? rng.nextInt(choices) - shift : 0;
            boolean mirror = flip && rng.nextLong() < 0;   // the top bit: exactly one half
            transform(batch, i * size, dy, dx, mirror);
        }
    }

    /**
     * The image at {@code offset}, mirrored left to right when {@code mirror}, then moved {@code dy} rows down and
     * {@code dx} columns right (negative: up, left); what moves in from outside is 0.
     */
    void transform(float[] batch, int offset, int dy, int dx, boolean mirror) {
        if (dy == 0 && dx == 0 && !mirror) {
            return;
        }
        System.arraycopy(batch, offset, image, 0, image.length);
        // the columns x whose source column x - dx is inside the image
        int from = Math.max(0, dx);
        int to = Math.min(width, width + dx);
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < height; y++) {
                int out = offset + (c * height + y) * width;
                int sourceRow = y - dy;
                if (sourceRow < 0 || sourceRow >= height) {
                    Arrays.fill(batch, out, out + width, 0f);
                    continue;
                }
                int in = (c * height + sourceRow) * width;
                Arrays.fill(batch, out, out + from, 0f);
                Arrays.fill(batch, out + to, out + width, 0f);
                if (mirror) {
                    for (int x = from; x < to; x++) {
                        batch[out + x] = image[in + width - 1 - (x - dx)];
                    }
                } else {
                    System.arraycopy(image, in + from - dx, batch, out + from, to - from);
                }
            }
        }
    }
}
