package dnnc.compiler.ops;

import dnnc.compiler.codegen.Extent;
import dnnc.compiler.codegen.Lowering;
import dnnc.compiler.ir.GraphBuilder;
import dnnc.compiler.ir.Node;
import dnnc.compiler.ir.Shape;
import java.util.Collections;
import java.util.List;

/** Integer class labels [B] to rows of 0s with a 1 at the label: [B, classes]. Labels get no gradient. */
public record OneHot(int classes) implements Op {

    @Override
    public Shape shape(List<Shape> inputs) {
        Shape in = inputs.get(0);
        if (!in.batched() || in.rank() != 0) {
            throw new IllegalArgumentException("one_hot takes a batch of labels, not " + in);
        }
        return Shape.batchOf(classes);
    }

    @Override
    public List<Node> vjp(GraphBuilder g, Node node, Node grad) {
        return Collections.singletonList(null);
    }

    @Override
    public double[] eval(Node node, double[][] in, int batch) {
        double[] out = new double[batch * classes];
        for (int i = 0; i < batch; i++) {
            int label = (int) in[0][i];
            if (label >= 0 && label < classes) {
                out[i * classes + label] = 1;
            }
        }
        return out;
    }

    @Override
    public void lower(Lowering l, Node node) {
        l.loadBuffer(node.input(0));
        l.pushExtent(new Extent(1, true));
        l.code().push(classes);
        l.loadBuffer(node);
        l.invokeKernel("dnnc/runtime/kernels/Labels", "oneHot", "([FII[F)V");
    }

    @Override
    public String toString() {
        return "one_hot[" + classes + "]";
    }
}
