package dnnc.runtime.train;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * An optimizer's arguments as the train block gives them, read one by one by the optimizer's constructor.
 * {@link #rejectUnused()} then reports any argument nobody asked for, which catches misspellings.
 */
final class OptimizerArgs {
    private final String optimizer;
    private final Map<String, Double> args;
    private final Set<String> used = new HashSet<>();

    OptimizerArgs(String optimizer, Map<String, Double> args) {
        this.optimizer = optimizer;
        this.args = args;
    }

    /** The argument's value, {@code fallback} when absent; it must lie in [min, max]. */
    double get(String name, double fallback, double min, double max) {
        used.add(name);
        Double v = args.get(name);
        double value = v == null ? fallback : v;
        if (!(value >= min && value <= max)) {
            throw new OptimizerException(optimizer + ": " + name + " must be " + range(min, max) + ", got " + value);
        }
        return value;
    }

    /** A required argument. */
    double require(String name, double min, double max) {
        if (!args.containsKey(name)) {
            throw new OptimizerException(optimizer + " needs the argument " + name);
        }
        return get(name, 0, min, max);
    }

    /** A 0/1 switch. */
    boolean flag(String name) {
        double v = get(name, 0, 0, 1);
        if (v != 0 && v != 1) {
            throw new OptimizerException(optimizer + ": " + name + " must be 0 or 1, got " + v);
        }
        return v == 1;
    }

    void rejectUnused() {
        Set<String> unknown = new TreeSet<>(args.keySet());
        unknown.removeAll(used);
        if (!unknown.isEmpty()) {
            throw new OptimizerException(optimizer + " has no argument " + String.join(", ", unknown)
                    + " (it takes " + String.join(", ", new TreeSet<>(used)) + ")");
        }
    }

    private static String range(double min, double max) {
        if (min == Double.MIN_VALUE) {
            return "above 0";
        }
        if (max == Double.MAX_VALUE) {
            return "at least " + min;
        }
        return "between " + min + " and " + max;
    }
}
