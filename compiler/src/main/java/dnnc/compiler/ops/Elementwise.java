package dnnc.compiler.ops;

import dnnc.compiler.codegen.Lowering;
import dnnc.compiler.ir.Node;
import dnnc.compiler.ir.Shape;
import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.commons.GeneratorAdapter;

/**
 * An op applied element by element, with NumPy broadcasting of its inputs. Such ops say only what they do to
 * one element ({@link #apply} and {@link #emit}); the loop around them, and the broadcasting, is shared, so
 * that a chain of them can later be fused into one loop.
 */
public interface Elementwise extends Op {

    /** The scalar function in double precision. */
    double apply(double[] args);

    /** Emits the scalar function: its arguments are on the stack as floats, in order; leaves one float. */
    void emit(GeneratorAdapter code);

    @Override
    default Shape shape(List<Shape> inputs) {
        Shape out = inputs.get(0);
        for (Shape s : inputs.subList(1, inputs.size())) {
            out = Shape.broadcast(out, s);
            if (out == null) {
                throw new IllegalArgumentException("cannot broadcast " + inputs);
            }
        }
        return out;
    }

    @Override
    default double[] eval(Node node, double[][] inputs, int batch) {
        int[] outDims = node.shape().fullDims(batch);
        int size = 1;
        for (int d : outDims) {
            size *= d;
        }
        List<int[]> strides = new ArrayList<>();
        for (Node in : node.inputs()) {
            strides.add(Broadcasting.strides(in.shape(), node.shape(), batch));
        }
        double[] out = new double[size];
        double[] args = new double[inputs.length];
        int[] index = new int[outDims.length];
        for (int i = 0; i < size; i++) {
            for (int k = 0; k < inputs.length; k++) {
                args[k] = inputs[k][Broadcasting.offset(index, strides.get(k))];
            }
            out[i] = apply(args);
            Broadcasting.increment(index, outDims);
        }
        return out;
    }

    @Override
    default void lower(Lowering lowering, Node node) {
        lowering.elementwiseLoop(node, this);
    }
}
