package dnnc.runtime.cli;

import dnnc.runtime.ModelSpec;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** {@code info}: what the model is, without touching data or weights. */
final class InfoCommand {
    private InfoCommand() {
    }

    /** {@code version} is the dnnc version that made the jar; {@code baked}: whether it carries weights. */
    static void print(ModelSpec spec, PrintStream out, String version, boolean baked) {
        out.println("model       " + spec.name());
        out.println("dnnc        " + version);
        out.println("weights     " + (baked ? "baked into the jar (predict and eval need no --weights)"
                : "none in the jar (give --weights FILE)"));
        out.println("input       " + spec.input().name() + " " + shape(spec.input().shape()));
        ModelSpec.Target t = spec.target();
        out.println("target      " + t.name() + " "
                + (t.isLabel() ? "label, " + t.classes() + " classes" : shape(t.shape())));
        for (ModelSpec.Tensor o : spec.outputs()) {
            out.println("output      " + o.name() + " " + shape(o.shape()));
        }
        out.println("parameters");
        int nameWidth = "total".length();
        int shapeWidth = 0;
        for (ModelSpec.Param p : spec.params()) {
            nameWidth = Math.max(nameWidth, p.name().length());
            shapeWidth = Math.max(shapeWidth, shape(p.shape()).length());
        }
        String row = "  %-" + nameWidth + "s  %-" + Math.max(1, shapeWidth) + "s  %,12d%n";
        for (ModelSpec.Param p : spec.params()) {
            out.printf(Locale.ROOT, row, p.name(), shape(p.shape()), p.size());
        }
        out.printf(Locale.ROOT, row, "total", "", spec.parameterCount());
        ModelSpec.Train train = spec.train();
        out.println("optimizer   " + train.optimizer() + arguments(train.optimizerArgs()));
        out.println("training    " + train.epochs() + " epochs, batch " + train.batch() + ", seed " + train.seed());
        ModelSpec.Schedule sc = train.schedule();
        if (!sc.kind().equals("constant") || sc.warmup() > 0) {
            out.println("schedule    " + (sc.warmup() > 0 ? "warmup " + sc.warmup() + " epochs, then " : "") + sc.kind()
                    + arguments(sc.args()));
        }
        if (train.clipNorm() > 0 || train.clipValue() > 0) {
            out.println("clipping    " + (train.clipNorm() > 0 ? "norm " + number(train.clipNorm()) + " " : "")
                    + (train.clipValue() > 0 ? "value " + number(train.clipValue()) : "").trim());
        }
        if (train.earlyStopping() > 0) {
            out.println("early stop  patience " + train.earlyStopping() + " on " + train.monitor());
        }
        if (train.augment().active()) {
            out.println("augment     " + train.augment().describe() + " on training batches");
        }
        if (train.validationSplit() > 0) {
            out.println("validation  " + number(train.validationSplit()) + " of the training data");
        }
        if (spec.data().isEmpty()) {
            out.println("data        none (give it with --train and --test)");
        }
        for (ModelSpec.DataSource d : spec.data()) {
            out.println(String.format(Locale.ROOT, "data        %-5s %s %s", d.role(), d.format(), String.join(", ", d.paths()))
                    + (d.targetColumn() == null ? "" : "  target column " + d.targetColumn())
                    + (d.scale() == 1.0 ? "" : "  scale " + d.scale()) + (d.standardize() ? "  standardized" : ""));
        }
    }

    static String shape(int[] shape) {
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < shape.length; i++) {
            s.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        return s.append(']').toString();
    }

    private static String arguments(Map<String, Double> args) {
        if (args.isEmpty()) {
            return "";
        }
        return args.entrySet().stream().map(e -> e.getKey() + "=" + number(e.getValue()))
                .collect(Collectors.joining(" ", "  ", ""));
    }

    static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
