package dnnc.runtime.train;

import java.util.Map;

/**
 * Updates parameters in place from their gradients. An optimizer is bound to one set of parameter and
 * gradient arrays when it is made and allocates all of its state then, so {@link #step()} never allocates.
 */
public interface Optimizer {

    /** Applies one update using the gradients currently in the gradient arrays. */
    void step();

    /**
     * Makes the optimizer named {@code name} ("sgd" or "adam") with the given arguments.
     *
     * @throws OptimizerException for an unknown name, an unknown argument, or a value out of range
     */
    static Optimizer create(String name, Map<String, Double> args, float[][] params, float[][] grads) {
        OptimizerArgs a = new OptimizerArgs(name, args);
        return switch (name) {
            case "sgd" -> new Sgd(a, params, grads);
            case "adam" -> new Adam(a, params, grads);
            default -> throw new OptimizerException("unknown optimizer '" + name + "' (expected sgd or adam)");
        };
    }
}
