package dnnc.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class EpochStatsTest {

    @Test
    void progressLineShowsEveryMeasureWithAlignedColumns() {
        EpochStats s = EpochStats.of(3, 0.31212, 0.88721, 0.4, 0.87312, 4.1234, 14563.2);
        assertEquals("epoch  3/15  loss 0.3121  train_acc 0.8872  test_acc 0.8731  4.12s  14563 samples/s",
                s.format(15));
    }

    @Test
    void progressLineShowsTestLossWhenThereIsNoAccuracy() {
        EpochStats s = EpochStats.of(10, 1.5, null, 2.25, null, 12.5, 800);
        assertEquals("epoch 10/10  loss 1.5000  test_loss 2.2500 12.50s    800 samples/s", s.format(10));
    }

    @Test
    void progressLineLeavesOutTestColumnsWithoutATestSet() {
        EpochStats s = EpochStats.of(1, 0.5, 0.75, null, null, 1, 100);
        assertEquals("epoch 1/2  loss 0.5000  train_acc 0.7500  1.00s    100 samples/s", s.format(2));
    }
}
