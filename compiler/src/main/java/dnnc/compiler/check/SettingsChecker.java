package dnnc.compiler.check;

import dnnc.compiler.ast.Binding;
import dnnc.compiler.ast.Expr;
import dnnc.compiler.ast.Member;
import dnnc.compiler.ir.GraphBuilder;
import dnnc.runtime.ModelSpec;
import dnnc.runtime.train.EarlyStopping;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the {@code train { ... }} and {@code data { ... }} blocks: every key known, every value of the
 * right kind, defaults for what is not written.
 */
final class SettingsChecker {
    static final Map<String, List<String>> OPTIMIZERS = Map.of(
            "sgd", List.of("lr", "momentum", "nesterov", "weight_decay"),
            "adagrad", List.of("lr", "lr_decay", "weight_decay", "initial_accumulator_value", "eps"),
            "rmsprop", List.of("lr", "alpha", "eps", "weight_decay", "momentum", "centered"),
            "adam", List.of("lr", "beta1", "beta2", "eps", "weight_decay"),
            "adamw", List.of("lr", "beta1", "beta2", "eps", "weight_decay"));
    /** PyTorch's default learning rates. */
    static final Map<String, Double> DEFAULT_LR = Map.of("sgd", 1e-3, "adagrad", 1e-2, "rmsprop", 1e-2, "adam", 1e-3,
            "adamw", 1e-3);
    static final List<String> TRAIN_KEYS = List.of("optimizer", "epochs", "batch", "seed", "schedule", "clip_norm",
            "clip_value", "early_stopping", "monitor", "validation_split", "augment");
    static final List<String> DATA_KEYS = List.of("train", "validation", "test");
    static final Map<String, List<String>> FORMATS = Map.of(
            "idx", List.of("features", "targets", "scale", "standardize"),
            "npy", List.of("features", "targets", "scale", "standardize"),
            "csv", List.of("path", "target", "scale", "standardize"));

    private final Diagnostics diagnostics;
    private final Evaluator evaluator;
    private final Path baseDir;
    private String optimizer = "adam";
    private Map<String, Double> optimizerArgs = new LinkedHashMap<>(Map.of("lr", 1e-3));
    private int epochs = 10;
    private int batch = 32;
    private long seed = 0;
    private ModelSpec.Schedule schedule = ModelSpec.Schedule.CONSTANT;
    private double clipNorm;
    private double clipValue;
    private int earlyStopping;
    private String monitor = ModelSpec.Train.DEFAULT_MONITOR;
    private double validationSplit;
    private ModelSpec.Augment augment = ModelSpec.Augment.NONE;
    private final AugmentChecker augmentChecker;
    private final List<ModelSpec.DataSource> data = new ArrayList<>();

    SettingsChecker(Diagnostics diagnostics, Evaluator evaluator, Path baseDir) {
        this.diagnostics = diagnostics;
        this.evaluator = evaluator;
        this.baseDir = baseDir;
        this.augmentChecker = new AugmentChecker(diagnostics, this);
    }

    ModelSpec.Train train() {
        return new ModelSpec.Train(optimizer, optimizerArgs, epochs, batch, seed, schedule, clipNorm, clipValue,
                earlyStopping, monitor, validationSplit, augment);
    }

    /** Checks the augmentation, if any, against the model's input: its name and dims without the batch axis. */
    void checkAugment(String input, int[] dims) {
        augmentChecker.checkInput(input, dims);
    }

    List<ModelSpec.DataSource> data() {
        return data;
    }

    void read(Member.Settings block) {
        boolean isTrain = block.kind().equals("train");
        List<String> keys = isTrain ? TRAIN_KEYS : DATA_KEYS;
        Map<String, Binding> seen = new HashMap<>();
        for (Binding s : block.settings()) {
            String key = s.name().name();
            if (!keys.contains(key)) {
                diagnostics.error(s.name().span(), "unknown " + block.kind() + " setting `" + key + "`",
                        join(Suggest.didYouMean(key, keys), "note: " + block.kind() + " settings are " + String.join(", ", keys)));
            } else if (seen.containsKey(key)) {
                diagnostics.error(s.name().span(), "`" + key + "` is set twice",
                        "note: first set at line " + seen.get(key).span().line());
            } else {
                seen.put(key, s);
                if (isTrain) {
                    readTrain(key, s.value());
                } else {
                    readData(key, s.value());
                }
            }
        }
    }

    static String[] join(String[] first, String last) {
        String[] all = java.util.Arrays.copyOf(first, first.length + 1);
        all[first.length] = last;
        return all;
    }

    private void readTrain(String key, Expr value) {
        switch (key) {
            case "optimizer" -> readOptimizer(value);
            case "epochs" -> epochs = wholeNumber(value, key, 1, epochs);
            case "batch" -> batch = wholeNumber(value, key, 1, batch);
            case "seed" -> seed = wholeNumber(value, key, 0, (int) seed);
            case "schedule" -> schedule = new ScheduleChecker(diagnostics, this).read(value, schedule);
            case "clip_norm" -> clipNorm = positive(value, key, clipNorm);
            case "clip_value" -> clipValue = positive(value, key, clipValue);
            case "early_stopping" -> earlyStopping = wholeNumber(value, key, 1, earlyStopping);
            case "monitor" -> monitor = monitor(value);
            case "augment" -> augment = augmentChecker.read(value, augment);
            default -> validationSplit = fraction(value, key);
        }
    }

    private double positive(Expr e, String what, double fallback) {
        Double v = number(e, what);
        if (v != null && !(v > 0 && Double.isFinite(v))) {
            diagnostics.error(e.span(), "`" + what + "` must be positive, not " + GraphBuilder.formatNumber(v));
            return fallback;
        }
        return v == null ? fallback : v;
    }

    private double fraction(Expr e, String what) {
        Double v = number(e, what);
        if (v != null && !(v > 0 && v < 1)) {
            diagnostics.error(e.span(), "`" + what + "` must be above 0 and below 1, not "
                    + GraphBuilder.formatNumber(v), "help: e.g. " + what + " = 0.1 holds out a tenth of the training data");
            return 0;
        }
        return v == null ? 0 : v;
    }

    private String monitor(Expr e) {
        List<String> valid = EarlyStopping.MONITORS;
        if (e instanceof Expr.Str s && valid.contains(s.value())) {
            return s.value();
        }
        String given = e instanceof Expr.Str s ? s.value() : e instanceof Expr.Name n ? n.name() : null;
        diagnostics.error(e.span(), "`monitor` is one of \"" + String.join("\", \"", valid) + "\"",
                join(given == null ? new String[0] : Suggest.didYouMean(given, valid),
                        e instanceof Expr.Str ? "note: val_ metrics are measured on the validation data (or the test data)"
                                : "help: write it in double quotes, e.g. monitor = \"val_loss\""));
        return monitor;
    }

    private void readOptimizer(Expr value) {
        Expr.Call call = value instanceof Expr.Call c ? c : null;
        String name = call != null ? call.callee().name() : value instanceof Expr.Name n ? n.name() : null;
        if (name == null || !OPTIMIZERS.containsKey(name)) {
            diagnostics.error(value.span(), "expected an optimizer: sgd(lr = ...), adagrad(...), rmsprop(...), "
                            + "adam(...) or adamw(...)",
                    name == null ? new String[0] : Suggest.didYouMean(name, OPTIMIZERS.keySet()));
            return;
        }
        List<String> valid = OPTIMIZERS.get(name);
        Map<String, Double> args = new LinkedHashMap<>();
        Map<String, Expr> given = new LinkedHashMap<>();
        List<Expr.Arg> written = call == null ? List.of() : call.args();
        for (int i = 0; i < written.size(); i++) {
            Expr.Arg arg = written.get(i);
            String argName = arg.isNamed() ? arg.name().name() : i == 0 ? "lr" : null;
            if (argName == null) {
                diagnostics.error(arg.span(), "name this argument, e.g. momentum = 0.9",
                        "note: only the learning rate may be given without a name; " + name + "() takes "
                                + String.join(", ", valid));
            } else if (!valid.contains(argName)) {
                diagnostics.error(arg.name().span(), name + "() has no argument `" + argName + "`",
                        join(Suggest.didYouMean(argName, valid), "note: " + name + "() takes " + String.join(", ", valid)));
            } else if (given.containsKey(argName)) {
                diagnostics.error(arg.span(), "`" + argName + "` is given twice");
            } else {
                given.put(argName, arg.value());
            }
        }
        args.put("lr", DEFAULT_LR.get(name));
        for (Map.Entry<String, Expr> e : given.entrySet()) {
            boolean isFlag = e.getKey().equals("nesterov") || e.getKey().equals("centered");
            Double v = isFlag ? flag(e.getValue(), e.getKey()) : number(e.getValue(), e.getKey());
            if (v != null && checkRange(e.getKey(), v, e.getValue())) {
                args.put(e.getKey(), v);
            }
        }
        if (args.getOrDefault("nesterov", 0.0) == 1 && args.getOrDefault("momentum", 0.0) <= 0) {
            diagnostics.error(given.get("nesterov").span(), "Nesterov momentum needs a momentum above 0",
                    "help: e.g. sgd(lr = 0.01, momentum = 0.9, nesterov = true)");
        }
        optimizer = name;
        optimizerArgs = args;
    }

    /** Whether an optimizer argument is in its range (as PyTorch requires); reports it when not. */
    private boolean checkRange(String arg, double v, Expr at) {
        String rule = switch (arg) {
            case "lr" -> v > 0 ? null : "must be positive";
            case "beta1", "beta2" -> v >= 0 && v < 1 ? null : "must be at least 0 and below 1";
            case "alpha" -> v >= 0 && v <= 1 ? null : "must be between 0 and 1";
            case "eps", "momentum", "weight_decay", "lr_decay", "initial_accumulator_value" ->
                    v >= 0 ? null : "must not be negative";
            default -> null;
        };
        if (rule != null) {
            diagnostics.error(at.span(), "`" + arg + "` " + rule + ", not " + GraphBuilder.formatNumber(v));
        }
        return rule == null;
    }

    /** true/false (or 1/0) as 1.0/0.0. */
    Double flag(Expr e, String what) {
        if (e instanceof Expr.Name n && (n.name().equals("true") || n.name().equals("false"))) {
            return n.name().equals("true") ? 1.0 : 0.0;
        }
        if (e instanceof Expr.Str s) {
            diagnostics.error(e.span(), "`" + what + "` is true or false, not the string \"" + s.value() + "\"",
                    "help: write it without quotes: " + what + " = true");
            return null;
        }
        Double v = number(e, what);
        if (v != null && v != 0 && v != 1) {
            diagnostics.error(e.span(), "`" + what + "` is true or false");
            return null;
        }
        return v;
    }

    Double number(Expr e, String what) {
        Value v = evaluator.eval(e, Map.of());
        if (v instanceof Value.Tensor t && t.isConstant()) {
            return t.constant();
        }
        if (v != null) {
            diagnostics.error(e.span(), "`" + what + "` must be a number, not " + Value.describe(v));
        }
        return null;
    }

    int wholeNumber(Expr e, String what, int min, int fallback) {
        Double v = number(e, what);
        if (v == null) {
            return fallback;
        }
        if (v != Math.rint(v) || v < min || v > Integer.MAX_VALUE) {
            diagnostics.error(e.span(), "`" + what + "` must be a whole number of at least " + min + ", not "
                    + GraphBuilder.formatNumber(v));
            return fallback;
        }
        return v.intValue();
    }

    private void readData(String role, Expr value) {
        if (!(value instanceof Expr.Call call) || !FORMATS.containsKey(call.callee().name())) {
            diagnostics.error(value.span(), "expected a data source: idx(features, targets, scale = ...), "
                    + "npy(features, targets) or csv(path, target = \"column\")");
            return;
        }
        String format = call.callee().name();
        List<String> params = FORMATS.get(format);
        Map<String, Expr> args = new HashMap<>();
        int position = 0;
        for (Expr.Arg arg : call.args()) {
            String name = arg.isNamed() ? arg.name().name() : position < params.size() ? params.get(position++) : null;
            if (name == null || !params.contains(name)) {
                diagnostics.error(arg.span(), name == null ? format + "() takes at most " + params.size() + " arguments"
                        : format + "() has no argument `" + name + "`", "note: " + format + "() takes " + String.join(", ", params));
                return;
            }
            if (args.put(name, arg.value()) != null) {
                diagnostics.error(arg.span(), "`" + name + "` is given twice");
                return;
            }
        }
        List<String> paths = new ArrayList<>();
        String targetColumn = null;
        for (String p : format.equals("csv") ? List.of("path") : List.of("features", "targets")) {
            String path = string(args.get(p), call, format + "() needs its `" + p + "` file");
            if (path == null) {
                return;
            }
            paths.add(resolve(path, args.get(p)));
        }
        if (format.equals("csv")) {
            targetColumn = string(args.get("target"), call, "csv() needs the name of its target column: target = \"label\"");
            if (targetColumn == null) {
                return;
            }
        }
        Double scale = args.containsKey("scale") ? number(args.get("scale"), "scale") : Double.valueOf(1);
        Double standardize = args.containsKey("standardize") ? flag(args.get("standardize"), "standardize") : Double.valueOf(0);
        if (standardize != null && standardize == 1 && !role.equals("train")) {
            diagnostics.error(args.get("standardize").span(), "`standardize` belongs on the train source",
                    "note: the mean and standard deviation are measured on the training data and applied to every"
                            + " data set and to predict's input");
            return;
        }
        if (scale != null && standardize != null) {
            data.add(new ModelSpec.DataSource(role, format, paths, targetColumn, scale, standardize == 1));
        }
    }

    private String string(Expr e, Expr.Call call, String missing) {
        if (e == null) {
            diagnostics.error(call.span(), missing);
            return null;
        }
        if (e instanceof Expr.Str s) {
            return s.value();
        }
        diagnostics.error(e.span(), "expected a string in double quotes here");
        return null;
    }

    /** Relative paths are relative to the .dnn file; a missing file is worth a warning, not an error. */
    private String resolve(String path, Expr at) {
        Path p = baseDir.resolve(path).normalize();
        if (!Files.exists(p)) {
            diagnostics.warning(at.span(), "data file not found: " + p,
                    "note: training will need it, or another path given with --train/--test");
        }
        return p.toString();
    }
}
