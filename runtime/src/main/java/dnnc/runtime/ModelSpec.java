package dnnc.runtime;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the runtime needs to know about a compiled model: its buffers, inputs, outputs, parameters,
 * training settings and data sources. The compiler builds it; the generated class carries it as text
 * ({@link #toText()}), which the runtime reads back with {@link #parse(String)}.
 *
 * <p>Shapes never include the batch dimension.
 */
public record ModelSpec(
        String name,
        List<Slot> slots,
        Tensor input,
        Target target,
        List<Tensor> outputs,
        int lossSlot,
        List<Param> params,
        Train train,
        List<DataSource> data) {

    public static final String MAGIC = "dnnc-spec 1";

    /**
     * One buffer of the table: {@code perExample} floats, times the batch size when {@code batched}. A slot
     * with a {@code dropout} rate above 0 is a dropout mask that the runtime fills: while training, each
     * element is 0 with probability {@code dropout} and 1 / (1 - dropout) otherwise; else every element is 1.
     */
    public record Slot(int perExample, boolean batched, double dropout) {
        public Slot(int perExample, boolean batched) {
            this(perExample, batched, 0);
        }

        public boolean isDropoutMask() {
            return dropout > 0;
        }

        public int size(int maxBatch) {
            return batched ? Math.multiplyExact(perExample, maxBatch) : perExample;
        }
    }

    /** A named tensor held in a slot. */
    public record Tensor(String name, int slot, int[] shape) {
        public int size() {
            return ModelSpec.size(shape);
        }
    }

    /** The training target: integer class labels in [0, classes), or real values of a shape. */
    public record Target(String name, int slot, boolean isLabel, int classes, int[] shape) {
        public int size() {
            return isLabel ? 1 : ModelSpec.size(shape);
        }
    }

    /**
     * A learned parameter, where its gradient goes, and how it starts. A parameter that is not
     * {@code trainable} (batch normalization's running statistics) is updated by the generated code itself,
     * saved with the weights, and left alone by optimizers.
     */
    public record Param(String name, int slot, int gradSlot, int[] shape, Init init, boolean trainable) {
        public Param(String name, int slot, int gradSlot, int[] shape, Init init) {
            this(name, slot, gradSlot, shape, init, true);
        }

        public int size() {
            return ModelSpec.size(shape);
        }
    }

    /**
     * How a parameter is initialized. The compiler resolves named schemes (glorot, he, ...) with their fan-in
     * and fan-out into one of three concrete kinds: {@code constant(a)}, {@code normal(mean = a, std = b)} and
     * {@code uniform(low = a, high = b)}.
     */
    public record Init(String kind, double a, double b) {
        public static Init constant(double value) {
            return new Init("constant", value, 0);
        }

        public static Init normal(double mean, double std) {
            return new Init("normal", mean, std);
        }

        public static Init uniform(double low, double high) {
            return new Init("uniform", low, high);
        }
    }

    /**
     * The train block: optimizer name and its arguments (all numbers), epochs, batch size, seed, the
     * learning-rate schedule, gradient clipping (0 = off), early stopping (patience in epochs, 0 = off) with the
     * metric it monitors, the fraction of the training data held out for validation, and the augmentation of
     * training batches.
     */
    public record Train(String optimizer, Map<String, Double> optimizerArgs, int epochs, int batch, long seed,
                        Schedule schedule, double clipNorm, double clipValue, int earlyStopping, String monitor,
                        double validationSplit, Augment augment) {
        public static final String DEFAULT_MONITOR = "val_loss";

        /** Settings without augmentation. */
        public Train(String optimizer, Map<String, Double> optimizerArgs, int epochs, int batch, long seed,
                     Schedule schedule, double clipNorm, double clipValue, int earlyStopping, String monitor,
                     double validationSplit) {
            this(optimizer, optimizerArgs, epochs, batch, seed, schedule, clipNorm, clipValue, earlyStopping, monitor,
                    validationSplit, Augment.NONE);
        }

        /** Settings without schedule, clipping, early stopping, validation split or augmentation. */
        public Train(String optimizer, Map<String, Double> optimizerArgs, int epochs, int batch, long seed) {
            this(optimizer, optimizerArgs, epochs, batch, seed, Schedule.CONSTANT, 0, 0, 0, DEFAULT_MONITOR, 0);
        }

        public Train withEpochs(int n) {
            return new Train(optimizer, optimizerArgs, n, batch, seed, schedule, clipNorm, clipValue, earlyStopping,
                    monitor, validationSplit, augment);
        }

        /** The same settings with the optimizer's arguments, epochs, batch and seed replaced. */
        public Train with(Map<String, Double> args, int epochs, int batch, long seed) {
            return new Train(optimizer, args, epochs, batch, seed, schedule, clipNorm, clipValue, earlyStopping,
                    monitor, validationSplit, augment);
        }

        /** The same settings with clipping, early stopping and validation split replaced. */
        public Train withFit(double clipNorm, double clipValue, int earlyStopping, String monitor,
                             double validationSplit) {
            return new Train(optimizer, optimizerArgs, epochs, batch, seed, schedule, clipNorm, clipValue,
                    earlyStopping, monitor, validationSplit, augment);
        }

        /** The same settings with another augmentation. */
        public Train withAugment(Augment a) {
            return new Train(optimizer, optimizerArgs, epochs, batch, seed, schedule, clipNorm, clipValue,
                    earlyStopping, monitor, validationSplit, a);
        }
    }

    /**
     * The train block's {@code augment = images(shift = S, flip = B)}: every training image is moved by a whole
     * number of pixels drawn uniformly from [-shift, shift] on each axis, vacated pixels becoming 0, and mirrored
     * left to right with probability 1/2 when {@code flip}. Shift 0 without flip is no augmentation.
     */
    public record Augment(int shift, boolean flip) {
        public static final Augment NONE = new Augment(0, false);

        public Augment {
            if (shift < 0) {
                throw new IllegalArgumentException("augmentation shift must be at least 0, got " + shift);
            }
        }

        public boolean active() {
            return shift > 0 || flip;
        }

        /** As written in the train block: {@code images(shift = 2, flip = true)}. */
        public String describe() {
            return "images(shift = " + shift + ", flip = " + flip + ")";
        }
    }

    /**
     * A learning-rate schedule, evaluated once per epoch: {@code kind} is "constant", "step" (args every,
     * gamma), "exponential" (gamma) or "cosine" (epochs, min_lr; epochs absent = the rest of the run);
     * {@code warmup} epochs of linear warm-up come first (0 = none).
     */
    public record Schedule(String kind, Map<String, Double> args, int warmup) {
        public static final Schedule CONSTANT = new Schedule("constant", Map.of(), 0);
    }

    /**
     * A data set named in the data block: {@code role} is "train", "validation" or "test"; {@code format} is
     * "idx" or "npy" (paths: features, then labels or targets) or "csv" (one path; {@code targetColumn} names the
     * target column). Features are multiplied by {@code scale} as they are read; {@code standardize} (on the
     * train source) standardizes every feature with the training data's mean and standard deviation.
     */
    public record DataSource(String role, String format, List<String> paths, String targetColumn, double scale,
                             boolean standardize) {
        public DataSource(String role, String format, List<String> paths, String targetColumn, double scale) {
            this(role, format, paths, targetColumn, scale, false);
        }
    }

    public static int size(int[] shape) {
        int n = 1;
        for (int d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    /** The data source with the given role, or null. */
    public DataSource data(String role) {
        for (DataSource d : data) {
            if (d.role().equals(role)) {
                return d;
            }
        }
        return null;
    }

    /** Total number of learned numbers. */
    public long parameterCount() {
        long n = 0;
        for (Param p : params) {
            n += p.size();
        }
        return n;
    }

    // ---- text form -------------------------------------------------------------------------------------
    // One record a line, fields separated by single spaces; strings are URL-encoded so that they never
    // contain a space; shapes are written as d1,d2,... ("-" for a scalar).

    public String toText() {
        StringBuilder s = new StringBuilder(MAGIC).append('\n');
        line(s, "model", enc(name));
        for (Slot slot : slots) {
            if (slot.isDropoutMask()) {
                line(s, "slot", slot.perExample, slot.batched ? 1 : 0, "dropout", slot.dropout);
            } else {
                line(s, "slot", slot.perExample, slot.batched ? 1 : 0);
            }
        }
        line(s, "input", enc(input.name), input.slot, shape(input.shape));
        line(s, "target", enc(target.name), target.slot, target.isLabel ? "label" : "float", target.classes,
                shape(target.shape));
        for (Tensor o : outputs) {
            line(s, "output", enc(o.name), o.slot, shape(o.shape));
        }
        line(s, "loss", lossSlot);
        for (Param p : params) {
            line(s, "param", enc(p.name), p.slot, p.gradSlot, shape(p.shape), p.init.kind, p.init.a, p.init.b
                    + (p.trainable ? "" : " state"));
        }
        StringBuilder args = new StringBuilder();
        for (Map.Entry<String, Double> e : train.optimizerArgs.entrySet()) {
            args.append(' ').append(enc(e.getKey())).append(' ').append(e.getValue());
        }
        line(s, "train", enc(train.optimizer), train.epochs, train.batch, train.seed + args.toString());
        StringBuilder scheduleArgs = new StringBuilder();
        for (Map.Entry<String, Double> e : train.schedule.args.entrySet()) {
            scheduleArgs.append(' ').append(enc(e.getKey())).append(' ').append(e.getValue());
        }
        line(s, "schedule", enc(train.schedule.kind), train.schedule.warmup + scheduleArgs.toString());
        line(s, "fit", train.clipNorm, train.clipValue, train.earlyStopping, enc(train.monitor),
                train.validationSplit);
        if (train.augment.active()) {   // written only when on, so a spec without augmentation reads as before
            line(s, "augment", "shift", train.augment.shift, "flip", train.augment.flip ? 1 : 0);
        }
        for (DataSource d : data) {
            line(s, "data", d.role, d.format, enc(d.targetColumn == null ? "" : d.targetColumn), d.scale,
                    d.paths.size(), String.join(" ", d.paths.stream().map(ModelSpec::enc).toList()),
                    d.standardize ? "standardize" : "raw");
        }
        return s.toString();
    }

    public static ModelSpec parse(String text) {
        String[] lines = text.split("\n");
        if (lines.length == 0 || !lines[0].equals(MAGIC)) {
            throw new IllegalArgumentException("not a dnnc model description (expected '" + MAGIC + "')");
        }
        String name = null;
        List<Slot> slots = new ArrayList<>();
        Tensor input = null;
        Target target = null;
        List<Tensor> outputs = new ArrayList<>();
        int loss = -1;
        List<Param> params = new ArrayList<>();
        Train train = null;
        List<DataSource> data = new ArrayList<>();
        Schedule schedule = Schedule.CONSTANT;
        String[] fit = null;
        Augment augment = Augment.NONE;
        for (int i = 1; i < lines.length; i++) {
            String[] f = lines[i].split(" ");
            switch (f[0]) {
                case "model" -> name = dec(f[1]);
                case "slot" -> slots.add(new Slot(Integer.parseInt(f[1]), f[2].equals("1"),
                        f.length > 4 ? Double.parseDouble(f[4]) : 0));
                case "input" -> input = new Tensor(dec(f[1]), Integer.parseInt(f[2]), shape(f[3]));
                case "target" -> target = new Target(dec(f[1]), Integer.parseInt(f[2]), f[3].equals("label"),
                        Integer.parseInt(f[4]), shape(f[5]));
                case "output" -> outputs.add(new Tensor(dec(f[1]), Integer.parseInt(f[2]), shape(f[3])));
                case "loss" -> loss = Integer.parseInt(f[1]);
                case "param" -> params.add(new Param(dec(f[1]), Integer.parseInt(f[2]), Integer.parseInt(f[3]),
                        shape(f[4]), new Init(f[5], Double.parseDouble(f[6]), Double.parseDouble(f[7])),
                        !(f.length > 8 && f[8].equals("state"))));
                case "train" -> {
                    Map<String, Double> args = new LinkedHashMap<>();
                    for (int k = 5; k + 1 < f.length; k += 2) {
                        args.put(dec(f[k]), Double.parseDouble(f[k + 1]));
                    }
                    train = new Train(dec(f[1]), args, Integer.parseInt(f[2]), Integer.parseInt(f[3]),
                            Long.parseLong(f[4]));
                }
                case "schedule" -> {
                    Map<String, Double> args = new LinkedHashMap<>();
                    for (int k = 3; k + 1 < f.length; k += 2) {
                        args.put(dec(f[k]), Double.parseDouble(f[k + 1]));
                    }
                    schedule = new Schedule(dec(f[1]), args, Integer.parseInt(f[2]));
                }
                case "fit" -> fit = f;
                case "augment" -> augment = augment(f);
                case "data" -> {
                    int count = Integer.parseInt(f[5]);
                    List<String> paths = new ArrayList<>();
                    for (int k = 0; k < count; k++) {
                        paths.add(dec(f[6 + k]));
                    }
                    String column = dec(f[3]);
                    data.add(new DataSource(f[1], f[2], paths, column.isEmpty() ? null : column,
                            Double.parseDouble(f[4]), f.length > 6 + count && f[6 + count].equals("standardize")));
                }
                default -> throw new IllegalArgumentException("unknown line in model description: " + lines[i]);
            }
        }
        if (train != null) {
            train = new Train(train.optimizer, train.optimizerArgs, train.epochs, train.batch, train.seed,
                    schedule, fit == null ? 0 : Double.parseDouble(fit[1]), fit == null ? 0 : Double.parseDouble(fit[2]),
                    fit == null ? 0 : Integer.parseInt(fit[3]), fit == null ? Train.DEFAULT_MONITOR : dec(fit[4]),
                    fit == null ? 0 : Double.parseDouble(fit[5]), augment);
        }
        return new ModelSpec(name, slots, input, target, outputs, loss, params, train, data);
    }

    /** {@code augment shift S flip 0|1}: named fields, so that other kinds of augmentation can be added. */
    private static Augment augment(String[] f) {
        int shift = 0;
        boolean flip = false;
        for (int k = 1; k + 1 < f.length; k += 2) {
            switch (f[k]) {
                case "shift" -> shift = Integer.parseInt(f[k + 1]);
                case "flip" -> flip = f[k + 1].equals("1");
                default -> throw new IllegalArgumentException("unknown augmentation in model description: " + f[k]);
            }
        }
        return new Augment(shift, flip);
    }

    private static void line(StringBuilder s, String kind, Object... fields) {
        s.append(kind);
        for (Object f : fields) {
            s.append(' ').append(f);
        }
        s.append('\n');
    }

    private static String shape(int[] shape) {
        if (shape.length == 0) {
            return "-";
        }
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < shape.length; i++) {
            s.append(i == 0 ? "" : ",").append(shape[i]);
        }
        return s.toString();
    }

    private static int[] shape(String text) {
        return text.equals("-") ? new int[0] : Arrays.stream(text.split(",")).mapToInt(Integer::parseInt).toArray();
    }

    private static String enc(String s) {
        String e = URLEncoder.encode(s, StandardCharsets.UTF_8);
        return e.isEmpty() ? "%00" : e;
    }

    private static String dec(String s) {
        return s.equals("%00") ? "" : URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
