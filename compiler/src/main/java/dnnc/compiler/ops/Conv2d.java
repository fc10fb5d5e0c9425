package dnnc.compiler.ops;

import dnnc.compiler.codegen.Extent;
import dnnc.compiler.codegen.Lowering;
import dnnc.compiler.ir.GraphBuilder;
import dnnc.compiler.ir.Node;
import dnnc.compiler.ir.Shape;
import java.util.List;

/**
 * 2-D convolution: x [B, C, H, W] with filters w [O, C, KH, KW] (PyTorch's layout), zero padding and a
 * stride, gives [B, O, OH, OW] with OH = (H + 2 pad - KH) / stride + 1. The gradients are convolutions too,
 * written as the two {@link Conv2dGrad} ops.
 */
public record Conv2d(int stride, int pad) implements Op {

    @Override
    public Shape shape(List<Shape> inputs) {
        Shape x = inputs.get(0);
        Shape w = inputs.get(1);
        if (!x.batched() || x.rank() != 3 || w.batched() || w.rank() != 4 || w.dim(1) != x.dim(0)) {
            throw new IllegalArgumentException("conv2d takes [B, C, H, W] and [O, C, KH, KW], not " + x + ", " + w);
        }
        int oh = out(x.dim(1), w.dim(2));
        int ow = out(x.dim(2), w.dim(3));
        if (oh < 1 || ow < 1) {
            throw new IllegalArgumentException("conv2d filter " + w + " is larger than its padded input " + x);
        }
        return Shape.batchOf(w.dim(0), oh, ow);
    }

    int out(int size, int kernel) {
        return Math.floorDiv(size + 2 * pad - kernel, stride) + 1;
    }

    @Override
    public List<Node> vjp(GraphBuilder g, Node node, Node grad) {
        Node x = node.input(0);
        Node w = node.input(1);
        return List.of(g.node(new Conv2dGrad(true, stride, pad, x.shape()), grad, w),
                g.node(new Conv2dGrad(false, stride, pad, w.shape()), x, grad));
    }

    @Override
    public double[] eval(Node node, double[][] in, int batch) {
        int[] x = node.input(0).shape().dims();
        int[] w = node.input(1).shape().dims();
        int[] o = node.shape().dims();
        double[] out = new double[batch * node.shape().size()];
        ConvReference.forEachTap(batch, x, w, o, stride, pad,
                (outIndex, xIndex, wIndex) -> out[outIndex] += in[0][xIndex] * in[1][wIndex]);
        return out;
    }

    @Override
    public void lower(Lowering l, Node node) {
        l.loadBuffer(node.input(0));
        l.loadBuffer(node.input(1));
        l.loadBuffer(node);
        pushGeometry(l, node.input(0).shape(), node.input(1).shape(), stride, pad);
        l.invokeKernel("dnnc/runtime/kernels/Conv2d", "forward", "([F[F[FIIIIIIIII)V");
    }

    /** n, C, H, W, O, KH, KW, stride, pad: the kernels' common arguments. */
    static void pushGeometry(Lowering l, Shape x, Shape w, int stride, int pad) {
        l.pushExtent(new Extent(1, true));
        for (int d : x.dims()) {
            l.code().push(d);
        }
        l.code().push(w.dim(0));
        l.code().push(w.dim(2));
        l.code().push(w.dim(3));
        l.code().push(stride);
        l.code().push(pad);
    }

    @Override
    public String toString() {
        return "conv2d[stride " + stride + ", pad " + pad + "]";
    }
}
