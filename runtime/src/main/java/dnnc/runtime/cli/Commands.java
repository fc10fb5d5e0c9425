package dnnc.runtime.cli;

import dnnc.runtime.Evaluation;
import dnnc.runtime.Model;
import dnnc.runtime.ModelSpec;
import dnnc.runtime.cli.Options.Kind;
import dnnc.runtime.data.Dataset;
import dnnc.runtime.io.AtomicFiles;
import dnnc.runtime.io.MetricsJson;
import dnnc.runtime.io.WeightsFile;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The {@code eval} and {@code predict} commands (train is {@link TrainCommand}). Command-line mistakes are found before any
 * data is read or any training starts, so a typo in {@code --save} does not cost a training run.
 */
final class Commands {
    private final Model model;
    private final PrintStream out;
    private final DataAccess data;

    Commands(Model model, PrintStream out, DataAccess data) {
        this.model = model;
        this.out = out;
        this.data = data;
    }

    static Options evalOptions() {
        return new Options("eval").declare("--weights", Kind.FILE).declare("--test", Kind.PATHS)
                .declare("--metrics-json", Kind.FILE).declare("--batch", Kind.COUNT);
    }

    static Options predictOptions() {
        return new Options("predict").declare("--weights", Kind.FILE).declare("--input", Kind.FILE)
                .declare("--output", Kind.FILE).declare("--batch", Kind.COUNT);
    }

    void eval(Options o) throws IOException {
        ModelSpec spec = model.spec();
        Path weights = path(o.required("--weights"));
        Path metrics = outputPath(o, "--metrics-json", null);
        int batch = o.count("--batch", spec.train().batch());
        ModelSpec.DataSource source = DataSources.resolve(spec, "test", o.text("--test"));
        WeightsFile.load(model, weights);
        Evaluation e = model.evaluate(model.standardize(data.load(spec, source)), batch);
        out.printf(Locale.ROOT, "loss %.4f%s%s  (%d examples)%n", e.loss(),
                e.accuracy() == null ? "" : String.format(Locale.ROOT, "  accuracy %.4f", e.accuracy()),
                e.mse() == null ? "" : String.format(Locale.ROOT, "  mse %.4f  mae %.4f", e.mse(), e.mae()),
                e.examples());
        if (metrics != null) {
            MetricsJson.write(metrics, MetricsJson.evaluation(e));
        }
    }

    void predict(Options o) throws IOException {
        ModelSpec spec = model.spec();
        Path weights = path(o.required("--weights"));
        String input = o.required("--input");
        Path output = outputPath(o, "--output", null);
        int batch = o.count("--batch", spec.train().batch());
        WeightsFile.load(model, weights);
        Dataset rows = model.standardize(data.loadFeatures(spec, input));
        float[] predictions = model.predict(rows, batch);
        int width = model.outputWidth();
        if (output == null) {
            writeCsv(out, predictions, width);
            out.flush();
        } else {
            AtomicFiles.write(output, stream -> writeCsv(stream, predictions, width));
            out.println("wrote " + rows.size() + " predictions to " + output);
        }
    }

    /** One line per row; Float.toString gives the shortest text that reads back as the same float. */
    private static void writeCsv(OutputStream stream, float[] values, int width) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int row = 0; row * width < values.length; row++) {
            line.setLength(0);
            for (int k = 0; k < width; k++) {
                line.append(k == 0 ? "" : ",").append(values[row * width + k]);
            }
            stream.write(line.append('\n').toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    static String optimizer(ModelSpec.Train t) {
        StringBuilder s = new StringBuilder(t.optimizer());
        t.optimizerArgs().forEach((k, v) -> s.append(s.indexOf("(") < 0 ? "(" : ", ").append(k).append('=')
                .append(InfoCommand.number(v)));
        return t.optimizerArgs().isEmpty() ? s.toString() : s.append(')').toString();
    }

    static Path path(String text) {
        return text == null ? null : Path.of(text);
    }

    /** An output file option, checked up front: its directory must exist and it must not be a directory. */
    static Path outputPath(Options o, String name, Path fallback) {
        String text = o.text(name);
        Path p = text == null ? fallback : Path.of(text);
        if (p != null) {
            Path dir = p.toAbsolutePath().getParent();
            if (dir == null || !Files.isDirectory(dir)) {
                throw new UsageException(name + ": directory " + dir + " does not exist");
            }
            if (Files.isDirectory(p)) {
                throw new UsageException(name + ": " + p + " is a directory; give a file name");
            }
        }
        return p;
    }
}
