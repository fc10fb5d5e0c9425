package dnnc.compiler.check;

import dnnc.compiler.ast.Expr;
import dnnc.compiler.ir.GraphBuilder;
import dnnc.runtime.ModelSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the train block's {@code schedule = ...}: {@code constant}, {@code step(every, gamma = 0.1)},
 * {@code exponential(gamma)}, {@code cosine(epochs, min_lr = 0)} (both optional) and
 * {@code warmup(epochs, then = <one of the others>)}. Arguments are named; only the first may be positional.
 */
final class ScheduleChecker {
    static final Map<String, List<String>> SCHEDULES = Map.of(
            "constant", List.of(),
            "step", List.of("every", "gamma"),
            "exponential", List.of("gamma"),
            "cosine", List.of("epochs", "min_lr"),
            "warmup", List.of("epochs", "then"));

    private final Diagnostics diagnostics;
    private final SettingsChecker settings;

    ScheduleChecker(Diagnostics diagnostics, SettingsChecker settings) {
        this.diagnostics = diagnostics;
        this.settings = settings;
    }

    /** The schedule {@code value} describes, or {@code fallback} after reporting what is wrong with it. */
    ModelSpec.Schedule read(Expr value, ModelSpec.Schedule fallback) {
        ModelSpec.Schedule s = schedule(value, true);
        return s == null ? fallback : s;
    }

    private ModelSpec.Schedule schedule(Expr value, boolean outer) {
        Expr.Call call = value instanceof Expr.Call c ? c : null;
        String name = call != null ? call.callee().name() : value instanceof Expr.Name n ? n.name() : null;
        if (name == null || !SCHEDULES.containsKey(name) || (!outer && name.equals("warmup"))) {
            diagnostics.error(value.span(), outer
                    ? "expected a learning-rate schedule: constant, step(every = 5), exponential(gamma = 0.95), "
                            + "cosine(epochs = 20) or warmup(epochs = 2, then = ...)"
                    : "expected the schedule after the warm-up: constant, step(...), exponential(...) or cosine(...)",
                    name == null ? new String[0] : Suggest.didYouMean(name, SCHEDULES.keySet()));
            return null;
        }
        Map<String, Expr> args = arguments(name, call);
        if (args == null) {
            return null;
        }
        Map<String, Double> numbers = new LinkedHashMap<>();
        boolean ok = true;
        switch (name) {
            case "step" -> {
                ok = required(name, "every", args, value, "step(every = 5, gamma = 0.5)")
                        && whole(args.get("every"), "every", numbers) & positive(args.get("gamma"), "gamma", numbers);
            }
            case "exponential" -> ok = required(name, "gamma", args, value, "exponential(gamma = 0.95)")
                    && positive(args.get("gamma"), "gamma", numbers);
            case "cosine" -> ok = whole(args.get("epochs"), "epochs", numbers)
                    & nonNegative(args.get("min_lr"), numbers);
            case "warmup" -> {
                if (!required(name, "epochs", args, value, "warmup(epochs = 2, then = cosine())")) {
                    return null;
                }
                int warmup = settings.wholeNumber(args.get("epochs"), "epochs", 1, -1);
                if (warmup < 0) {
                    return null;
                }
                ModelSpec.Schedule then = args.containsKey("then") ? schedule(args.get("then"), false)
                        : ModelSpec.Schedule.CONSTANT;
                return then == null ? null : new ModelSpec.Schedule(then.kind(), then.args(), warmup);
            }
            default -> {
            }
        }
        return ok ? new ModelSpec.Schedule(name, numbers, 0) : null;
    }

    private Map<String, Expr> arguments(String name, Expr.Call call) {
        List<String> valid = SCHEDULES.get(name);
        Map<String, Expr> given = new LinkedHashMap<>();
        List<Expr.Arg> written = call == null ? List.of() : call.args();
        for (int i = 0; i < written.size(); i++) {
            Expr.Arg arg = written.get(i);
            String argName = arg.isNamed() ? arg.name().name() : i == 0 && !valid.isEmpty() ? valid.get(0) : null;
            if (argName == null) {
                diagnostics.error(arg.span(), valid.isEmpty() ? name + " takes no arguments"
                        : "name this argument, e.g. " + valid.get(valid.size() - 1) + " = ...",
                        "note: " + name + "() takes " + (valid.isEmpty() ? "nothing" : String.join(", ", valid)));
                return null;
            }
            if (!valid.contains(argName)) {
                diagnostics.error(arg.name().span(), name + "() has no argument `" + argName + "`",
                        SettingsChecker.join(Suggest.didYouMean(argName, valid), "note: " + name + "() takes "
                                + (valid.isEmpty() ? "nothing" : String.join(", ", valid))));
                return null;
            }
            if (given.put(argName, arg.value()) != null) {
                diagnostics.error(arg.span(), "`" + argName + "` is given twice");
                return null;
            }
        }
        return given;
    }

    private boolean required(String name, String arg, Map<String, Expr> args, Expr at, String example) {
        if (!args.containsKey(arg)) {
            diagnostics.error(at.span(), name + "() needs `" + arg + "`", "help: e.g. " + example);
            return false;
        }
        return true;
    }

    private boolean whole(Expr e, String what, Map<String, Double> into) {
        if (e == null) {
            return true;
        }
        int v = settings.wholeNumber(e, what, 1, -1);
        if (v > 0) {
            into.put(what, (double) v);
        }
        return v > 0;
    }

    private boolean positive(Expr e, String what, Map<String, Double> into) {
        if (e == null) {
            return true;
        }
        Double v = settings.number(e, what);
        if (v != null && !(v > 0 && Double.isFinite(v))) {
            diagnostics.error(e.span(), "`" + what + "` must be positive, not " + GraphBuilder.formatNumber(v));
            return false;
        }
        if (v != null) {
            into.put(what, v);
        }
        return v != null;
    }

    private boolean nonNegative(Expr e, Map<String, Double> into) {
        if (e == null) {
            return true;
        }
        Double v = settings.number(e, "min_lr");
        if (v != null && !(v >= 0 && Double.isFinite(v))) {
            diagnostics.error(e.span(), "`min_lr` must not be negative, not " + GraphBuilder.formatNumber(v));
            return false;
        }
        if (v != null) {
            into.put("min_lr", v);
        }
        return v != null;
    }
}
