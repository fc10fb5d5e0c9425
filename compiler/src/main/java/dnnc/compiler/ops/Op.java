package dnnc.compiler.ops;

import dnnc.compiler.codegen.Lowering;
import dnnc.compiler.ir.GraphBuilder;
import dnnc.compiler.ir.Node;
import dnnc.compiler.ir.Shape;
import java.util.List;

/**
 * A primitive tensor operation. Everything the compiler knows about an op sits in its class, side by side:
 * its shape rule, its gradient rule (a vector-Jacobian product written as IR of other ops), its meaning in
 * double precision (the reference interpreter) and its lowering to bytecode.
 *
 * <p>Ops are values (records): two nodes with equal ops and the same inputs compute the same thing.
 */
public interface Op {

    /** The result shape for these input shapes. Throws {@link IllegalArgumentException} when they do not fit. */
    Shape shape(List<Shape> inputs);

    /**
     * Gradient rule: given {@code grad}, the gradient of the loss with respect to {@code node}, returns the
     * contribution to the gradient of each input (same order, each with that input's shape), or null for an
     * input that receives none.
     */
    List<Node> vjp(GraphBuilder g, Node node, Node grad);

    /** Reference semantics: the node's value in double precision from its inputs' values. */
    double[] eval(Node node, double[][] inputs, int batch);

    /** Emits bytecode that computes the node's value into its buffer. */
    void lower(Lowering lowering, Node node);

    /** True for ops whose value is a function of nothing but their inputs' values (everything except leaves). */
    default boolean isPure() {
        return true;
    }
}
