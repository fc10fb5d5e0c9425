package dnnc.runtime;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Fills the dropout-mask slots of a table (inverted dropout): for a training step each element is 0 with
 * probability p and 1 / (1 - p) otherwise, drawn from a generator seeded with the model's seed; for
 * evaluation and prediction every element is 1, so the generated code is the same in both modes.
 */
final class DropoutMasks {
    private static final long STREAM = 0x6A09E667F3BCC909L;   // keeps the masks apart from initialization's draws

    private final int[] slots;
    private final double[] rates;
    private final int[] perExample;
    private SplittableRandom random = new SplittableRandom(STREAM);

    DropoutMasks(ModelSpec spec) {
        List<ModelSpec.Slot> all = spec.slots();
        int count = (int) all.stream().filter(ModelSpec.Slot::isDropoutMask).count();
        slots = new int[count];
        rates = new double[count];
        perExample = new int[count];
        int k = 0;
        for (int s = 0; s < all.size(); s++) {
            if (all.get(s).isDropoutMask()) {
                slots[k] = s;
                rates[k] = all.get(s).dropout();
                perExample[k++] = all.get(s).perExample();
            }
        }
    }

    void reseed(long seed) {
        random = new SplittableRandom(seed ^ STREAM);
    }

    /** Fresh masks for a training step on {@code n} examples. */
    void drawMasks(float[][] table, int n) {
        for (int k = 0; k < slots.length; k++) {
            float[] mask = table[slots[k]];
            double p = rates[k];
            float keep = (float) (1 / (1 - p));
            int size = n * perExample[k];
            for (int i = 0; i < size; i++) {
                mask[i] = random.nextDouble() >= p ? keep : 0f;
            }
        }
    }

    /** Masks of 1s: no dropout. */
    void keepAll(float[][] table) {
        for (int slot : slots) {
            Arrays.fill(table[slot], 1f);
        }
    }
}
