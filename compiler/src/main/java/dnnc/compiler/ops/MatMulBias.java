package dnnc.compiler.ops;

import dnnc.compiler.codegen.Lowering;
import dnnc.compiler.ir.GraphBuilder;
import dnnc.compiler.ir.Node;
import dnnc.compiler.ir.Shape;
import java.util.List;

/**
 * A dense layer's product with its bias added, and its ReLU when {@code relu}: {@code max(x @ op(W) + b, 0)} for
 * x [.., k], W [k, n] (or [n, k] when transB) and b [n]. Made one node by {@code FuseDenseBias} after
 * differentiation (so it has no gradient rule of its own) from what {@code dense} builds as a product, an addition
 * and a ReLU. The kernel adds the bias to each block of the result on the thread that computed it, while it is
 * in that core's cache, instead of another loop over the whole batch: the same floats.
 */
public record MatMulBias(boolean transB, boolean relu) implements Op {

    @Override
    public Shape shape(List<Shape> inputs) {
        Shape out = new MatMul(false, transB).shape(inputs.subList(0, 2));
        Shape b = inputs.get(2);
        int n = MatMul.last(out);
        if (b.batched() || b.rank() != 1 || b.dim(0) != n) {
            throw new IllegalArgumentException("dense bias must be [" + n + "], not " + b);
        }
        return out;
    }

    @Override
    public List<Node> vjp(GraphBuilder g, Node node, Node grad) {
        throw new UnsupportedOperationException("a product and its bias are fused after differentiation");
    }

    @Override
    public double[] eval(Node node, double[][] in, int batch) {
        double[] out = new MatMul(false, transB).eval(node, in, batch);
        int n = in[2].length;
        for (int i = 0; i < out.length; i++) {
            double x = out[i] + in[2][i % n];
            out[i] = relu ? Unary.Fn.RELU.apply(x) : x;
        }
        return out;
    }

    @Override
    public void lower(Lowering l, Node node) {
        MatMul.pushDenseProduct(l, node, transB);
        l.loadBuffer(node.input(2));
        l.code().push(relu);
        l.invokeKernel("dnnc/runtime/kernels/Gemm", "gemmBias", "(ZIII[F[F[F[FZ)V");
    }

    @Override
    public String toString() {
        return "matmul_bias" + (transB ? "_tB" : "") + (relu ? "_relu" : "");
    }
}
