package dnnc.compiler.ops;

import dnnc.compiler.ir.GraphBuilder;
import dnnc.compiler.ir.Node;
import dnnc.compiler.ir.Shape;
import java.util.List;

/** Views a tensor with other per-example dims of the same size; row-major order makes it free. */
public record Reshape(Shape target) implements Alias {

    @Override
    public Shape shape(List<Shape> inputs) {
        Shape in = inputs.get(0);
        if (in.batched() != target.batched() || in.size() != target.size()) {
            throw new IllegalArgumentException("cannot reshape " + in + " to " + target);
        }
        return target;
    }

    @Override
    public List<Node> vjp(GraphBuilder g, Node node, Node grad) {
        return List.of(g.reshape(grad, node.input(0).shape()));
    }

    @Override
    public String toString() {
        return "reshape" + target;
    }
}
