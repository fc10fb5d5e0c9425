package dnnc.compiler.ops;

import dnnc.compiler.ir.GraphBuilder;
import dnnc.compiler.ir.Node;
import dnnc.compiler.ir.Shape;
import java.util.Collections;
import java.util.List;

/**
 * The identity, through which no gradient flows. Softmax subtracts a stopped max for stability: the result
 * does not depend on the shift, so its true gradient through the max is zero anyway.
 */
public record StopGradient() implements Alias {

    @Override
    public Shape shape(List<Shape> inputs) {
        return inputs.get(0);
    }

    @Override
    public List<Node> vjp(GraphBuilder g, Node node, Node grad) {
        return Collections.singletonList(null);
    }

    @Override
    public String toString() {
        return "stop_gradient";
    }
}
