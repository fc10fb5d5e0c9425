package dnnc.compiler.ops;

import dnnc.compiler.codegen.Lowering;
import dnnc.compiler.ir.GraphBuilder;
import dnnc.compiler.ir.Node;
import dnnc.compiler.ir.Shape;
import java.util.List;

/**
 * A convolution with its bias added, conv2d(x, w) + b for x [B, C, H, W], w [O, C, KH, KW] and b [O, 1, 1]: what
 * {@code conv2d(..., bias = true)} builds as two nodes, made one by {@code FuseConvBias} after differentiation
 * (so it has no gradient rule of its own). The kernel adds the bias while each example's result is still in the
 * cache, instead of another pass over the whole batch.
 */
public record Conv2dBias(int stride, int pad) implements Op {

    @Override
    public Shape shape(List<Shape> inputs) {
        Shape out = new Conv2d(stride, pad).shape(inputs.subList(0, 2));
        Shape b = inputs.get(2);
        if (b.batched() || b.rank() != 3 || b.dim(0) != out.dim(0) || b.dim(1) != 1 || b.dim(2) != 1) {
            throw new IllegalArgumentException("conv2d bias must be [" + out.dim(0) + ", 1, 1], not " + b);
        }
        return out;
    }

    @Override
    public List<Node> vjp(GraphBuilder g, Node node, Node grad) {
        throw new UnsupportedOperationException("conv2d and its bias are fused after differentiation");
    }

    @Override
    public double[] eval(Node node, double[][] in, int batch) {
        double[] out = new Conv2d(stride, pad).eval(node, in, batch);
        int channels = node.shape().dim(0);
        int positions = node.shape().size() / channels;
        for (int i = 0; i < out.length; i++) {
            out[i] += in[2][i / positions % channels];
        }
        return out;
    }

    @Override
    public void lower(Lowering l, Node node) {
        l.loadBuffer(node.input(0));
        l.loadBuffer(node.input(1));
        l.loadBuffer(node.input(2));
        l.loadBuffer(node);
        Conv2d.pushGeometry(l, node.input(0).shape(), node.input(1).shape(), stride, pad);
        l.invokeKernel("dnnc/runtime/kernels/Conv2d", "forward", "([F[F[F[FIIIIIIIII)V");
    }

    @Override
    public String toString() {
        return "conv2d_bias[stride " + stride + ", pad " + pad + "]";
    }
}
