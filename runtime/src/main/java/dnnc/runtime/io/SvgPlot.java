package dnnc.runtime.io;

import java.util.List;
import java.util.Locale;

/**
 * A line chart as inline SVG, one {@code <polyline>} per series with one point per epoch (a missing value, NaN,
 * is left out), axes with the first and last epoch and the lowest and highest value, and a legend.
 */
final class SvgPlot {
    private static final int WIDTH = 520;
    private static final int HEIGHT = 260;
    private static final int LEFT = 64;
    private static final int RIGHT = 16;
    private static final int TOP = 40;
    private static final int BOTTOM = 40;
    private static final String[] COLORS = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728"};

    /** One named line; {@code values[i]} belongs to epoch {@code epochs[i]}. */
    record Series(String name, double[] values) {
    }

    private SvgPlot() {
    }

    static String chart(String title, int[] epochs, List<Series> series) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (double v : s.values()) {
                if (Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        if (!(lo <= hi)) {
            lo = 0;
            hi = 1;
        }
        if (hi - lo < 1e-12 * Math.max(1, Math.abs(hi))) {
            lo -= 0.5 * Math.max(Math.abs(lo), 1e-3);
            hi += 0.5 * Math.max(Math.abs(hi), 1e-3);
        }
        int first = epochs.length == 0 ? 1 : epochs[0];
        int last = epochs.length == 0 ? 1 : epochs[epochs.length - 1];
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg class=\"plot\" width=\"%d\" "
                + "height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\">%n",
                WIDTH, HEIGHT, WIDTH, HEIGHT, HtmlReport.escape(title)));
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"14\" font-weight=\"bold\">%s</text>%n", LEFT,
                HtmlReport.escape(title)));
        int x0 = LEFT;
        int x1 = WIDTH - RIGHT;
        int y0 = HEIGHT - BOTTOM;
        int y1 = TOP;
        s.append(String.format(Locale.ROOT, "<path d=\"M%d %dV%dH%d\" fill=\"none\" stroke=\"#444\"/>%n", x0, y1, y0, x1));
        s.append(label(x0 - 6, y0 + 4, "end", number(lo))).append(label(x0 - 6, y1 + 4, "end", number(hi)));
        s.append(label(x0, y0 + 16, "middle", Integer.toString(first)))
                .append(label(x1, y0 + 16, "middle", Integer.toString(last)))
                .append(label((x0 + x1) / 2, y0 + 32, "middle", "epoch"));
        for (int k = 0; k < series.size(); k++) {
            Series line = series.get(k);
            String color = COLORS[k % COLORS.length];
            s.append("<polyline class=\"series\" data-series=\"").append(HtmlReport.escape(line.name()))
                    .append("\" fill=\"none\" stroke=\"").append(color).append("\" stroke-width=\"2\" points=\"");
            boolean any = false;
            for (int i = 0; i < epochs.length && i < line.values().length; i++) {
                double v = line.values()[i];
                if (Double.isFinite(v)) {
                    double x = last == first ? (x0 + x1) / 2.0 : x0 + (x1 - x0) * (epochs[i] - first) / (double) (last - first);
                    double y = y0 - (y0 - y1) * (v - lo) / (hi - lo);
                    s.append(any ? " " : "").append(String.format(Locale.ROOT, "%.1f,%.1f", x, y));
                    any = true;
                }
            }
            s.append("\"/>\n");
            int lx = x0 + 12 + 120 * k;
            s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"3\" fill=\"%s\"/>",
                    lx, 22, color)).append(label(lx + 14, 27, "start", line.name()));
        }
        return s.append("</svg>\n").toString();
    }

    private static String label(int x, int y, String anchor, String text) {
        return String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"%s\" font-size=\"11\">%s</text>%n",
                x, y, anchor, HtmlReport.escape(text));
    }

    private static String number(double v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }
}
