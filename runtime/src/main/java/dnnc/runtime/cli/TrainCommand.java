package dnnc.runtime.cli;

import dnnc.runtime.Model;
import dnnc.runtime.ModelSpec;
import dnnc.runtime.cli.Options.Kind;
import dnnc.runtime.data.Dataset;
import dnnc.runtime.data.Standardization;
import dnnc.runtime.io.CheckpointFile;
import dnnc.runtime.io.HtmlReport;
import dnnc.runtime.io.MetricsJson;
import dnnc.runtime.io.WeightsFile;
import dnnc.runtime.train.ConfusionMatrix;
import dnnc.runtime.train.EarlyStopping;
import dnnc.runtime.train.EpochStats;
import dnnc.runtime.train.ImageAugmentation;
import dnnc.runtime.train.Trainer;
import dnnc.runtime.train.ValidationSplit;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code train} command: settings from the model with command-line overrides (or from a checkpoint when
 * resuming), data with its validation part and standardization, the training run with progress and
 * checkpoints, then weights, metrics and report. Command-line mistakes are found before any data is read.
 */
final class TrainCommand {
    /** Options that change the run's settings, which a resumed run takes from its checkpoint instead. */
    private static final List<String> SETTINGS = List.of("--batch", "--lr", "--seed", "--clip-norm", "--clip-value",
            "--early-stopping", "--monitor", "--validation-split", "--init-weights", "--no-augment", "--augment-shift",
            "--augment-flip");

    private final Model model;
    private final PrintStream out;
    private final DataAccess data;
    private final boolean terminal;

    TrainCommand(Model model, PrintStream out, DataAccess data, boolean terminal) {
        this.model = model;
        this.out = out;
        this.data = data;
        this.terminal = terminal;
    }

    static Options options() {
        return new Options("train").declare("--epochs", Kind.COUNT).declare("--batch", Kind.COUNT)
                .declare("--lr", Kind.POSITIVE).declare("--seed", Kind.SEED)
                .declare("--clip-norm", Kind.NUMBER).declare("--clip-value", Kind.NUMBER)
                .declare("--early-stopping", Kind.COUNT).declare("--monitor", Kind.WORD)
                .declare("--validation-split", Kind.FRACTION)
                .declare("--no-augment", Kind.FLAG).declare("--augment-shift", Kind.WHOLE)
                .declare("--augment-flip", Kind.BOOLEAN)
                .declare("--save", Kind.FILE).declare("--metrics-json", Kind.FILE).declare("--report", Kind.FILE)
                .declare("--checkpoint", Kind.FILE).declare("--checkpoint-every", Kind.COUNT)
                .declare("--resume", Kind.FILE)
                .declare("--train", Kind.PATHS).declare("--validation", Kind.PATHS).declare("--test", Kind.PATHS)
                .declare("--init-weights", Kind.FILE);
    }

    void run(Options o) throws IOException {
        ModelSpec spec = model.spec();
        Path resume = Commands.path(o.text("--resume"));
        ModelSpec.Train settings;
        if (resume == null) {
            settings = settings(o, spec.train()).withAugment(augment(o, spec.train().augment(), spec.input()));
        } else {
            ModelSpec.Train stored = CheckpointFile.settings(model, resume);
            settings = stored.withEpochs(o.count("--epochs", stored.epochs()));
            for (String name : SETTINGS) {
                if (o.has(name)) {
                    throw new UsageException(name + " cannot be combined with --resume: a resumed run keeps the"
                            + " settings of its checkpoint (only --epochs may change)");
                }
            }
        }
        Path save = Commands.outputPath(o, "--save", Path.of(spec.name() + ".weights"));
        Path metrics = Commands.outputPath(o, "--metrics-json", null);
        Path report = Commands.outputPath(o, "--report", null);
        Path checkpoint = Commands.outputPath(o, "--checkpoint", null);
        int every = o.count("--checkpoint-every", 1);
        Path initWeights = Commands.path(o.text("--init-weights"));
        ModelSpec.DataSource trainSource = DataSources.resolve(spec, "train", o.text("--train"));
        ModelSpec.DataSource validationSource = optional(spec, "validation", o.text("--validation"));
        ModelSpec.DataSource testSource = optional(spec, "test", o.text("--test"));

        Trainer trainer = new Trainer(model, settings, terminal ? null : out);
        Dataset train = data.load(spec, trainSource);
        Dataset validation = validationSource == null ? null : data.load(spec, validationSource);
        Dataset test = testSource == null ? null : data.load(spec, testSource);
        if (validation == null && settings.validationSplit() > 0) {
            Dataset[] parts = ValidationSplit.split(train, settings.validationSplit(), settings.seed());
            train = parts[0];
            validation = parts[1];
        }
        model.initialize(settings.seed());
        if (initWeights != null) {
            WeightsFile.load(model, initWeights);
        }
        if (resume != null) {
            CheckpointFile.restore(trainer, resume);
        } else if (trainSource.standardize()) {
            model.setStandardization(Standardization.of(train));
        }
        for (Dataset d : new Dataset[] {train, validation, test}) {
            if (d != null) {
                model.standardize(d);
            }
        }
        out.printf(Locale.ROOT, "%s %s on %d examples%s%s: %s, %d epochs, batch %d, seed %d%s%n",
                resume == null ? "training" : "resuming at epoch " + (trainer.history().size() + 1) + ":",
                spec.name(), train.size(), validation == null ? "" : " (validating on " + validation.size() + ")",
                test == null ? "" : " (testing on " + test.size() + ")", Commands.optimizer(settings),
                settings.epochs(), settings.batch(), settings.seed(),
                settings.augment().active() ? ", augment " + settings.augment().describe() : "");
        trainer.listener(listener(checkpoint, every));
        List<EpochStats> history;
        try {
            history = trainer.fit(train, validation, test);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        EarlyStopping stopping = trainer.earlyStopping();
        Integer best = stopping == null || stopping.bestParameters() == null ? null : stopping.bestEpoch();
        if (best != null) {
            out.printf(Locale.ROOT, "%s; restored the weights of the best epoch, %d (%s %.4f)%n", trainer.stopped()
                    ? "stopped early: " + stopping.monitor() + " did not improve for " + settings.earlyStopping()
                    + " epochs" : "early stopping did not trigger", best, stopping.monitor(), stopping.best());
        }
        WeightsFile.save(model, save);
        out.println("saved weights to " + save);
        ConfusionMatrix confusion = validation != null ? ConfusionMatrix.of(model, validation, "validation", settings.batch())
                : test != null ? ConfusionMatrix.of(model, test, "test", settings.batch())
                : ConfusionMatrix.of(model, train, "training", settings.batch());
        if (metrics != null) {
            MetricsJson.write(metrics, MetricsJson.training(history, best, confusion));
            out.println("wrote metrics to " + metrics);
        }
        if (report != null) {
            HtmlReport.write(report, spec, settings, history, best, confusion);
            out.println("wrote report to " + report);
        }
    }

    private Trainer.Listener listener(Path checkpoint, int every) {
        Trainer.Listener progress = terminal ? new ProgressBar(out) : new Trainer.Listener() { };
        return new Trainer.Listener() {
            @Override
            public void epochStart(int epoch, int totalEpochs, int steps, double lr) {
                progress.epochStart(epoch, totalEpochs, steps, lr);
            }

            @Override
            public void step(int step, int steps, long samples, double meanLoss) {
                progress.step(step, steps, samples, meanLoss);
            }

            @Override
            public void epochEnd(EpochStats stats, int totalEpochs, Trainer trainer) {
                progress.epochEnd(stats, totalEpochs, trainer);
                boolean last = stats.epoch() == totalEpochs || trainer.stopped();
                if (checkpoint != null && (stats.epoch() % every == 0 || last)) {
                    try {
                        CheckpointFile.save(trainer, checkpoint);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }
        };
    }

    private static ModelSpec.Train settings(Options o, ModelSpec.Train defaults) {
        Map<String, Double> args = new LinkedHashMap<>(defaults.optimizerArgs());
        Double lr = o.positive("--lr");
        if (lr != null) {
            args.put("lr", lr);
        }
        String monitor = o.has("--monitor") ? o.text("--monitor") : defaults.monitor();
        if (!EarlyStopping.MONITORS.contains(monitor)) {
            throw new UsageException("--monitor must be one of " + String.join(", ", EarlyStopping.MONITORS)
                    + ", got '" + monitor + "'" + Suggest.hint(monitor, EarlyStopping.MONITORS));
        }
        Double split = o.fraction("--validation-split");
        return defaults.with(args, o.count("--epochs", defaults.epochs()), o.count("--batch", defaults.batch()),
                        o.seed("--seed", defaults.seed()))
                .withFit(or(o.nonNegative("--clip-norm"), defaults.clipNorm()),
                        or(o.nonNegative("--clip-value"), defaults.clipValue()),
                        o.count("--early-stopping", defaults.earlyStopping()), monitor,
                        split == null ? defaults.validationSplit() : split);
    }

    /** The train block's augmentation with --no-augment, --augment-shift and --augment-flip applied. */
    private static ModelSpec.Augment augment(Options o, ModelSpec.Augment defaults, ModelSpec.Tensor input) {
        String override = o.has("--augment-shift") ? "--augment-shift" : o.has("--augment-flip") ? "--augment-flip" : null;
        if (o.has("--no-augment")) {
            if (override != null) {
                throw new UsageException("--no-augment cannot be combined with " + override);
            }
            return ModelSpec.Augment.NONE;
        }
        Integer shift = o.whole("--augment-shift");
        Boolean flip = o.bool("--augment-flip");
        ModelSpec.Augment a = new ModelSpec.Augment(shift == null ? defaults.shift() : shift,
                flip == null ? defaults.flip() : flip);
        String problem = ImageAugmentation.problem(a, input.name(), input.shape());
        if (problem != null) {
            throw new UsageException(override + ": " + problem);
        }
        return a;
    }

    private static double or(Double value, double fallback) {
        return value == null ? fallback : value;
    }

    private static ModelSpec.DataSource optional(ModelSpec spec, String role, String override) {
        return override != null || spec.data(role) != null ? DataSources.resolve(spec, role, override) : null;
    }
}
