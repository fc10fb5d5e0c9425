package dnnc.runtime.io;

import dnnc.runtime.Evaluation;
import dnnc.runtime.ModelSpec;
import dnnc.runtime.train.ConfusionMatrix;
import dnnc.runtime.train.EpochStats;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * {@code train --report FILE}: one self-contained HTML page (inline CSS and SVG, no scripts, nothing fetched)
 * with the settings, plots per epoch of the loss, the accuracy (or mean absolute error) for training,
 * validation and test data and of the learning rate, the confusion matrix of a classifier and the model summary.
 */
public final class HtmlReport {
    private HtmlReport() {
    }

    public static void write(Path path, ModelSpec spec, ModelSpec.Train settings, List<EpochStats> history,
                             Integer bestEpoch, ConfusionMatrix confusion) throws IOException {
        AtomicFiles.writeString(path, html(spec, settings, history, bestEpoch, confusion));
    }

    public static String html(ModelSpec spec, ModelSpec.Train settings, List<EpochStats> history, Integer bestEpoch,
                              ConfusionMatrix confusion) {
        StringBuilder s = new StringBuilder();
        s.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Training report: ")
                .append(escape(spec.name())).append("</title>\n<style>\n")
                .append("body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}")
                .append("td,th{border:1px solid #bbb;padding:3px 8px;text-align:right}th{background:#eee}")
                .append(".plots{display:flex;flex-wrap:wrap;gap:1em}td.name{text-align:left}\n")
                .append("</style>\n</head>\n<body>\n<h1>Training report: ").append(escape(spec.name())).append("</h1>\n");
        s.append("<p>").append(escape(describe(settings, history, bestEpoch))).append("</p>\n");
        s.append("<h2>Per epoch</h2>\n<div class=\"plots\">\n");
        int[] epochs = history.stream().mapToInt(EpochStats::epoch).toArray();
        s.append(SvgPlot.chart("loss", epochs, series(history, Evaluation::loss)));
        boolean accuracy = !history.isEmpty() && history.get(0).trainAccuracy() != null;
        boolean regression = !history.isEmpty() && history.get(0).train().mae() != null;
        if (accuracy) {
            s.append(SvgPlot.chart("accuracy", epochs, series(history, Evaluation::accuracy)));
        } else if (regression) {
            s.append(SvgPlot.chart("mean absolute error", epochs, series(history, Evaluation::mae)));
        }
        double[] lr = history.stream().mapToDouble(EpochStats::lr).toArray();
        s.append(SvgPlot.chart("learning rate", epochs, List.of(new SvgPlot.Series("lr", lr))));
        s.append("</div>\n");
        if (confusion != null) {
            confusionTable(s, confusion);
        }
        summary(s, spec);
        return s.append("</body>\n</html>\n").toString();
    }

    private static List<SvgPlot.Series> series(List<EpochStats> history, Function<Evaluation, Number> metric) {
        List<SvgPlot.Series> all = new ArrayList<>();
        String[] names = {"train", "validation", "test"};
        for (int k = 0; k < 3; k++) {
            double[] v = new double[history.size()];
            boolean any = false;
            for (int i = 0; i < v.length; i++) {
                EpochStats e = history.get(i);
                Evaluation ev = k == 0 ? e.train() : k == 1 ? e.validation() : e.test();
                Number n = ev == null ? null : metric.apply(ev);
                v[i] = n == null ? Double.NaN : n.doubleValue();
                any |= n != null;
            }
            if (any) {
                all.add(new SvgPlot.Series(names[k], v));
            }
        }
        return all;
    }

    private static String describe(ModelSpec.Train t, List<EpochStats> history, Integer bestEpoch) {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%s %s, %d of %d epochs, batch %d, seed %d",
                t.optimizer(), t.optimizerArgs(), history.size(), t.epochs(), t.batch(), t.seed()));
        if (!t.schedule().kind().equals("constant") || t.schedule().warmup() > 0) {
            s.append(", schedule ").append(t.schedule().kind()).append(t.schedule().args());
            if (t.schedule().warmup() > 0) {
                s.append(" after ").append(t.schedule().warmup()).append(" warm-up epochs");
            }
        }
        if (t.augment().active()) {
            s.append(", augment ").append(t.augment().describe());
        }
        if (bestEpoch != null) {
            s.append(", early stopping on ").append(t.monitor()).append(": best epoch ").append(bestEpoch);
        }
        if (!history.isEmpty()) {
            EpochStats last = history.get(history.size() - 1);
            s.append(String.format(Locale.ROOT, ". Final loss %.4f", last.loss()));
        }
        return s.toString();
    }

    private static void confusionTable(StringBuilder s, ConfusionMatrix m) {
        s.append("<h2>Confusion matrix (").append(escape(m.data())).append(" data)</h2>\n")
                .append("<table class=\"confusion\">\n<tr><th>actual \\ predicted</th>");
        for (int c = 0; c < m.classes(); c++) {
            s.append("<th>").append(c).append("</th>");
        }
        s.append("</tr>\n");
        for (int a = 0; a < m.classes(); a++) {
            s.append("<tr><th>").append(a).append("</th>");
            for (long count : m.counts()[a]) {
                s.append("<td>").append(count).append("</td>");
            }
            s.append("</tr>\n");
        }
        s.append("</table>\n");
    }

    private static void summary(StringBuilder s, ModelSpec spec) {
        s.append("<h2>Model</h2>\n<table class=\"summary\">\n<tr><th>name</th><th>kind</th><th>shape</th>"
                + "<th>parameters</th></tr>\n");
        row(s, spec.input().name(), "input", spec.input().shape(), "");
        ModelSpec.Target t = spec.target();
        row(s, t.name(), t.isLabel() ? "target (label of " + t.classes() + ")" : "target", t.shape(), "");
        for (ModelSpec.Tensor o : spec.outputs()) {
            row(s, o.name(), "output", o.shape(), "");
        }
        for (ModelSpec.Param p : spec.params()) {
            row(s, p.name(), "parameter", p.shape(), String.format(Locale.ROOT, "%,d", p.size()));
        }
        s.append(String.format(Locale.ROOT, "<tr><th class=\"name\">total</th><td></td><td></td><td>%,d</td></tr>%n",
                spec.parameterCount()));
        s.append("</table>\n");
    }

    private static void row(StringBuilder s, String name, String kind, int[] shape, String count) {
        StringBuilder dims = new StringBuilder("[");
        for (int i = 0; i < shape.length; i++) {
            dims.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        s.append("<tr><td class=\"name\">").append(escape(name)).append("</td><td class=\"name\">").append(escape(kind))
                .append("</td><td>").append(dims).append("]</td><td>").append(count).append("</td></tr>\n");
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
