package dnnc.compiler.ops;

import dnnc.compiler.codegen.Lowering;
import dnnc.compiler.ir.Node;

/** An op whose result is its first input's buffer, read differently (a reshape) or not at all (no gradient). */
public interface Alias extends Op {

    @Override
    default double[] eval(Node node, double[][] inputs, int batch) {
        return inputs[0].clone();
    }

    @Override
    default void lower(Lowering lowering, Node node) {
        // shares its input's buffer: nothing to compute
    }
}
