package dnnc.runtime.train;

import java.util.Map;

/**
 * Updates parameters in place from their gradients. An optimizer is bound to one set of parameter and
 * gradient arrays when it is made and allocates all of its state then, so {@link #step()} never allocates.
 * Its whole state is {@link #steps()} and the arrays of {@link #state()}, which is what a checkpoint saves.
 */
public interface Optimizer {
    /** The optimizers {@link #create} knows, each with its arguments. */
    Map<String, String> ARGUMENTS = Map.of(
            "sgd", "lr, momentum, nesterov, weight_decay",
            "adagrad", "lr, lr_decay, weight_decay, initial_accumulator_value, eps",
            "rmsprop", "lr, alpha, eps, weight_decay, momentum, centered",
            "adam", "lr, beta1, beta2, eps, weight_decay",
            "adamw", "lr, beta1, beta2, eps, weight_decay");

    /** Applies one update using the gradients currently in the gradient arrays. */
    void step();

    /** The learning rate the optimizer was made with (its {@code lr} argument or default). */
    double baseLearningRate();

    /** Sets the learning rate of the following steps; schedules call it between epochs. */
    void setLearningRate(double lr);

    double learningRate();

    /** Number of steps taken so far. */
    long steps();

    void setSteps(long steps);

    /** The live state arrays, in a fixed order (may be empty); a checkpoint saves and restores their contents. */
    float[][] state();

    /**
     * Makes the optimizer named {@code name} with the given arguments.
     *
     * @throws OptimizerException for an unknown name, an unknown argument, or a value out of range
     */
    static Optimizer create(String name, Map<String, Double> args, float[][] params, float[][] grads) {
        OptimizerArgs a = new OptimizerArgs(name, args);
        Optimizer o = switch (name) {
            case "sgd" -> new Sgd(a, params, grads);
            case "adagrad" -> new Adagrad(a, params, grads);
            case "rmsprop" -> new RmsProp(a, params, grads);
            case "adam" -> new Adam(a, params, grads, false);
            case "adamw" -> new Adam(a, params, grads, true);
            default -> throw new OptimizerException("unknown optimizer '" + name
                    + "' (expected sgd, adagrad, rmsprop, adam or adamw)");
        };
        a.rejectUnused();
        return o;
    }
}
