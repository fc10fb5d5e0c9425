package dnnc.compiler.ops;

import dnnc.compiler.codegen.Lowering;
import dnnc.compiler.ir.GraphBuilder;
import dnnc.compiler.ir.Node;
import dnnc.compiler.ir.Shape;
import java.util.List;

/**
 * The gradient through a ReLU, taken with the product that brings it back from the next layer:
 * {@code (g @ op(W)) * step(out)} for g [.., k], W [k, n] (or [n, k] when transB) and out the ReLU's output, shaped
 * like the product. Made one node by {@code FuseReluGradient} after differentiation (it has no gradient rule of
 * its own) from the product and the multiplication by the step that the ReLU's gradient rule builds. The kernel
 * multiplies each block of the product on the thread that computed it: the same floats as the separate loop.
 */
public record MatMulReluGrad(boolean transB) implements Op {

    @Override
    public Shape shape(List<Shape> inputs) {
        Shape out = new MatMul(false, transB).shape(inputs.subList(0, 2));
        if (!inputs.get(2).equals(out)) {
            throw new IllegalArgumentException("the ReLU's output must be shaped like the product " + out + ", not "
                    + inputs.get(2));
        }
        return out;
    }

    @Override
    public List<Node> vjp(GraphBuilder g, Node node, Node grad) {
        throw new UnsupportedOperationException("a product and a ReLU's gradient are fused after differentiation");
    }

    @Override
    public double[] eval(Node node, double[][] in, int batch) {
        double[] out = new MatMul(false, transB).eval(node, in, batch);
        for (int i = 0; i < out.length; i++) {
            out[i] *= Unary.Fn.STEP.apply(in[2][i]);
        }
        return out;
    }

    @Override
    public void lower(Lowering l, Node node) {
        MatMul.pushDenseProduct(l, node, transB);
        l.loadBuffer(node.input(2));
        l.invokeKernel("dnnc/runtime/kernels/Gemm", "gemmReluGradient", "(ZIII[F[F[F[F)V");
    }

    @Override
    public String toString() {
        return "matmul_relu_grad" + (transB ? "_tB" : "");
    }
}
