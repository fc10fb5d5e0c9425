package dnnc.compiler.ops;

import dnnc.compiler.ir.GraphBuilder;
import dnnc.compiler.ir.Node;
import dnnc.compiler.ir.Shape;
import java.util.List;
import org.objectweb.asm.commons.GeneratorAdapter;

/** Repeats a tensor along its dims of size 1 (and missing ones) to a larger shape. */
public record Broadcast(Shape target) implements Elementwise {

    @Override
    public Shape shape(List<Shape> inputs) {
        if (!inputs.get(0).broadcastsTo(target)) {
            throw new IllegalArgumentException("cannot broadcast " + inputs.get(0) + " to " + target);
        }
        return target;
    }

    @Override
    public double apply(double[] args) {
        return args[0];
    }

    @Override
    public void emit(GeneratorAdapter code) {
        // the loaded element is the result
    }

    @Override
    public List<Node> vjp(GraphBuilder g, Node node, Node grad) {
        return List.of(g.sumTo(grad, node.input(0).shape()));
    }

    @Override
    public String toString() {
        return "broadcast" + target;
    }
}
