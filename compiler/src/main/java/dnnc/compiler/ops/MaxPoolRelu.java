package dnnc.compiler.ops;

import dnnc.compiler.codegen.Lowering;
import dnnc.compiler.ir.GraphBuilder;
import dnnc.compiler.ir.Node;
import dnnc.compiler.ir.Shape;
import java.util.List;

/**
 * Max pooling followed by ReLU, relu(maxpool(x)) for x [B, C, H, W]: made one node by {@code FusePoolRelu} after
 * differentiation (so it has no gradient rule of its own), from what {@code PoolBeforeRelu} leaves of
 * maxpool(relu(...)). The kernel applies the ReLU to each plane as it pools it, on the thread that pooled it,
 * instead of another pass over the output (on one example, a pass on the calling thread that read what the
 * other core had just pooled).
 */
public record MaxPoolRelu(int size, int stride) implements Op {

    @Override
    public Shape shape(List<Shape> inputs) {
        return pool().shape(inputs);
    }

    @Override
    public List<Node> vjp(GraphBuilder g, Node node, Node grad) {
        throw new UnsupportedOperationException("max pooling and its ReLU are fused after differentiation");
    }

    @Override
    public double[] eval(Node node, double[][] in, int batch) {
        double[] out = pool().eval(node, in, batch);
        for (int i = 0; i < out.length; i++) {
            out[i] = Unary.Fn.RELU.apply(out[i]);
        }
        return out;
    }

    @Override
    public void lower(Lowering l, Node node) {
        l.loadBuffer(node.input(0));
        l.loadBuffer(node);
        Pool.pushGeometry(l, node.input(0).shape(), size, stride);
        l.invokeKernel("dnnc/runtime/kernels/Pool", "maxReluForward", "([F[FIIIIII)V");
    }

    private Pool pool() {
        return new Pool(true, size, stride);
    }

    @Override
    public String toString() {
        return "maxpool_relu[" + size + ", stride " + stride + "]";
    }
}
