package dnnc.runtime.train;

/**
 * The shuffling generator: SplitMix64, the algorithm of {@link java.util.SplittableRandom} (same constants, so
 * {@code new Rng(s).nextLong()} equals {@code new SplittableRandom(s).nextLong()}), with its whole state in
 * one long that a checkpoint can save and restore.
 */
public final class Rng {
    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

    private long state;

    public Rng(long seed) {
        this.state = seed;
    }

    public long nextLong() {
        long z = (state += GOLDEN_GAMMA);
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** A number in [0, bound) from the top 32 bits of nextLong (multiply-shift; bias below 2^-32 * bound). */
    public int nextInt(int bound) {
        return (int) (((nextLong() >>> 32) * bound) >>> 32);
    }

    /** Fisher-Yates over the identity, so the order depends only on the generator's state. */
    public void shuffle(int[] order) {
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        for (int i = order.length - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }

    public long state() {
        return state;
    }

    public void setState(long state) {
        this.state = state;
    }
}
