package dnnc.runtime.cli;

import dnnc.runtime.Evaluation;
import dnnc.runtime.Model;
import dnnc.runtime.ModelSpec;
import dnnc.runtime.cli.Options.Kind;
import dnnc.runtime.data.Dataset;
import dnnc.runtime.io.AtomicFiles;
import dnnc.runtime.io.MetricsJson;
import dnnc.runtime.io.WeightsFile;
import dnnc.runtime.train.EpochStats;
import dnnc.runtime.train.Trainer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code train}, {@code eval} and {@code predict} commands. Command-line mistakes are found before any
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

    static Options trainOptions() {
        return new Options("train").declare("--epochs", Kind.COUNT).declare("--batch", Kind.COUNT)
                .declare("--lr", Kind.POSITIVE).declare("--seed", Kind.SEED).declare("--save", Kind.FILE)
                .declare("--metrics-json", Kind.FILE).declare("--train", Kind.PATHS).declare("--test", Kind.PATHS)
                .declare("--init-weights", Kind.FILE);
    }

    static Options evalOptions() {
        return new Options("eval").declare("--weights", Kind.FILE).declare("--test", Kind.PATHS)
                .declare("--metrics-json", Kind.FILE).declare("--batch", Kind.COUNT);
    }

    static Options predictOptions() {
        return new Options("predict").declare("--weights", Kind.FILE).declare("--input", Kind.FILE)
                .declare("--output", Kind.FILE).declare("--batch", Kind.COUNT);
    }

    void train(Options o) throws IOException {
        ModelSpec spec = model.spec();
        ModelSpec.Train defaults = spec.train();
        Map<String, Double> args = new LinkedHashMap<>(defaults.optimizerArgs());
        Double lr = o.positive("--lr");
        if (lr != null) {
            args.put("lr", lr);
        }
        ModelSpec.Train settings = new ModelSpec.Train(defaults.optimizer(), args,
                o.count("--epochs", defaults.epochs()), o.count("--batch", defaults.batch()),
                o.seed("--seed", defaults.seed()));
        Path save = outputPath(o, "--save", Path.of(spec.name() + ".weights"));
        Path metrics = outputPath(o, "--metrics-json", null);
        Path initWeights = path(o.text("--init-weights"));
        ModelSpec.DataSource trainSource = DataSources.resolve(spec, "train", o.text("--train"));
        String testOverride = o.text("--test");
        ModelSpec.DataSource testSource = testOverride != null || spec.data("test") != null
                ? DataSources.resolve(spec, "test", testOverride) : null;

        Trainer trainer = new Trainer(model, settings, out);
        Dataset train = data.load(spec, trainSource);
        Dataset test = testSource == null ? null : data.load(spec, testSource);
        model.initialize(settings.seed());
        if (initWeights != null) {
            WeightsFile.load(model, initWeights);
        }
        out.printf(Locale.ROOT, "training %s on %d examples%s: %s, %d epochs, batch %d, seed %d%n", spec.name(),
                train.size(), test == null ? "" : " (testing on " + test.size() + ")", optimizer(settings),
                settings.epochs(), settings.batch(), settings.seed());
        List<EpochStats> history = trainer.fit(train, test);
        WeightsFile.save(model, save);
        out.println("saved weights to " + save);
        if (metrics != null) {
            MetricsJson.write(metrics, MetricsJson.training(history));
            out.println("wrote metrics to " + metrics);
        }
    }

    void eval(Options o) throws IOException {
        ModelSpec spec = model.spec();
        Path weights = path(o.required("--weights"));
        Path metrics = outputPath(o, "--metrics-json", null);
        int batch = o.count("--batch", spec.train().batch());
        ModelSpec.DataSource source = DataSources.resolve(spec, "test", o.text("--test"));
        WeightsFile.load(model, weights);
        Evaluation e = model.evaluate(data.load(spec, source), batch);
        out.printf(Locale.ROOT, "loss %.4f%s  (%d examples)%n", e.loss(),
                e.accuracy() == null ? "" : String.format(Locale.ROOT, "  accuracy %.4f", e.accuracy()),
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
        Dataset rows = data.loadFeatures(spec, input);
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

    private static String optimizer(ModelSpec.Train t) {
        StringBuilder s = new StringBuilder(t.optimizer());
        t.optimizerArgs().forEach((k, v) -> s.append(s.indexOf("(") < 0 ? "(" : ", ").append(k).append('=')
                .append(InfoCommand.number(v)));
        return t.optimizerArgs().isEmpty() ? s.toString() : s.append(')').toString();
    }

    private static Path path(String text) {
        return text == null ? null : Path.of(text);
    }

    /** An output file option, checked up front: its directory must exist and it must not be a directory. */
    private static Path outputPath(Options o, String name, Path fallback) {
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
