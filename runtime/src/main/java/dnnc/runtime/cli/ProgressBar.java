package dnnc.runtime.cli;

import dnnc.runtime.train.EpochStats;
import dnnc.runtime.train.Trainer;
import java.io.PrintStream;
import java.util.Locale;

/**
 * The progress of an epoch on a terminal, redrawn in place with a carriage return at most ten times a second:
 * {@code epoch 3/15 [=========>          ] 120/469  14563 samples/s  loss 0.3121  ETA 0:04}. When the epoch ends
 * the bar is replaced by the epoch's summary line, so the scrollback holds one line per epoch as in plain mode.
 */
final class ProgressBar implements Trainer.Listener {
    private static final int BAR = 24;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintStream out;
    private final StringBuilder line = new StringBuilder(160);
    private int epoch;
    private int totalEpochs;
    private long start;
    private long lastDraw;
    private int width;

    ProgressBar(PrintStream out) {
        this.out = out;
    }

    @Override
    public void epochStart(int epoch, int totalEpochs, int steps, double lr) {
        this.epoch = epoch;
        this.totalEpochs = totalEpochs;
        this.start = System.nanoTime();
        this.lastDraw = 0;
    }

    @Override
    public void step(int step, int steps, long samples, double meanLoss) {
        long now = System.nanoTime();
        if (step != steps && now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        double seconds = Math.max((now - start) / 1e9, 1e-9);
        int done = (int) ((long) BAR * step / steps);
        line.setLength(0);
        line.append("epoch ").append(epoch).append('/').append(totalEpochs).append(" [");
        for (int i = 0; i < BAR; i++) {
            line.append(i < done ? '=' : i == done ? '>' : ' ');
        }
        line.append("] ").append(step).append('/').append(steps);
        line.append(String.format(Locale.ROOT, "  %d samples/s  loss %.4f  ETA %s", Math.round(samples / seconds),
                meanLoss, clock(seconds / step * (steps - step))));
        draw(line.toString());
    }

    @Override
    public void epochEnd(EpochStats stats, int totalEpochs, Trainer trainer) {
        draw(stats.format(totalEpochs));
        out.println();
        width = 0;
    }

    private void draw(String text) {
        out.print('\r');
        out.print(text);
        for (int i = text.length(); i < width; i++) {
            out.print(' ');
        }
        width = text.length();
        out.flush();
    }

    static String clock(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
