package dnnc.compiler.ops;

import dnnc.compiler.codegen.Lowering;
import dnnc.compiler.ir.GraphBuilder;
import dnnc.compiler.ir.Node;
import dnnc.compiler.ir.Shape;
import java.util.List;

/**
 * The gradients of {@link Conv2d}: with {@code wrtInput}, from (g, w) to dx of shape {@code result} (the
 * transposed convolution); otherwise from (x, g) to dw of shape {@code result}. They are used only in
 * backward passes, so they have no gradient rule of their own.
 */
public record Conv2dGrad(boolean wrtInput, int stride, int pad, Shape result) implements Op {

    @Override
    public Shape shape(List<Shape> inputs) {
        return result;
    }

    @Override
    public List<Node> vjp(GraphBuilder g, Node node, Node grad) {
        throw new UnsupportedOperationException("second derivatives of conv2d are not supported");
    }

    private Shape xShape(Node node) {
        return wrtInput ? result : node.input(0).shape();
    }

    private Shape wShape(Node node) {
        return wrtInput ? node.input(1).shape() : result;
    }

    @Override
    public double[] eval(Node node, double[][] in, int batch) {
        int[] x = xShape(node).dims();
        int[] w = wShape(node).dims();
        Shape gShape = wrtInput ? node.input(0).shape() : node.input(1).shape();
        double[] out = new double[result.size() * (result.batched() ? batch : 1)];
        double[] g = wrtInput ? in[0] : in[1];
        double[] other = wrtInput ? in[1] : in[0];
        ConvReference.forEachTap(batch, x, w, gShape.dims(), stride, pad, (outIndex, xIndex, wIndex) -> {
            if (wrtInput) {
                out[xIndex] += g[outIndex] * other[wIndex];
            } else {
                out[wIndex] += g[outIndex] * other[xIndex];
            }
        });
        return out;
    }

    @Override
    public void lower(Lowering l, Node node) {
        l.loadBuffer(node.input(0));
        l.loadBuffer(node.input(1));
        l.loadBuffer(node);
        Conv2d.pushGeometry(l, xShape(node), wShape(node), stride, pad);
        l.invokeKernel("dnnc/runtime/kernels/Conv2d", wrtInput ? "backwardInput" : "backwardWeight",
                "([F[F[FIIIIIIIII)V");
    }

    @Override
    public String toString() {
        return (wrtInput ? "conv2d_grad_input" : "conv2d_grad_weight") + "[stride " + stride + ", pad " + pad + "]";
    }
}
