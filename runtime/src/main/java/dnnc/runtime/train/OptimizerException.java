package dnnc.runtime.train;

/** An optimizer that cannot be made as described: unknown name or argument, or a value out of range. */
public class OptimizerException extends IllegalArgumentException {
    public OptimizerException(String message) {
        super(message);
    }
}
