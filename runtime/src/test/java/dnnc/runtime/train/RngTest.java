package dnnc.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RngTest {

    @Test
    void drawsTheSameNumbersAsSplittableRandomSoOldSeedsKeepTheirResults() {
        SplittableRandom reference = new SplittableRandom(42);
        Rng rng = new Rng(42);
        for (int i = 0; i < 100; i++) {
            assertEquals(reference.nextLong(), rng.nextLong());
        }
    }

    @Test
    void restoredStateContinuesTheSameStream() {
        Rng a = new Rng(7);
        a.nextLong();
        Rng b = new Rng(0);
        b.setState(a.state());
        assertEquals(a.nextLong(), b.nextLong());
    }
}
