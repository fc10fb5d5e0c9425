package dnnc.runtime;

/**
 * The code the compiler generates for one model: straight-line computations over a table of float buffers.
 *
 * <p>Every value the model computes lives in a slot of {@code b}, described by {@link ModelSpec#slots()}:
 * parameters, their gradients, the input and target batch, intermediate activations, outputs and the loss.
 * A batched slot holds {@code n * perExample} floats for a batch of {@code n} examples, row-major with the
 * example index outermost; buffers are allocated once by the runtime for the largest batch. Parameter slots
 * may be shared between several tables (one per thread); every other slot belongs to one table.
 *
 * <p>Generated classes are stateless: all state is in the table, so one kernel serves any number of threads.
 */
public interface ModelKernel {

    /** The model's description in {@link ModelSpec}'s text form. */
    String spec();

    /**
     * Computes every output and the loss for the first {@code n} examples of the input and target slots.
     * {@code training} selects training behaviour of ops that have one (dropout, for instance).
     */
    void forward(float[][] b, int n, boolean training);

    /**
     * After {@link #forward}: assigns the gradient of the loss with respect to every parameter to its slot
     * (never accumulates into what was there).
     */
    void backward(float[][] b, int n);

    /** Computes only the outputs, in inference mode, from the input slot; targets are not read. */
    void predict(float[][] b, int n);
}
