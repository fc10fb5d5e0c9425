package dnnc.compiler.ops;

import dnnc.compiler.codegen.Extent;
import dnnc.compiler.codegen.Lowering;
import dnnc.compiler.ir.GraphBuilder;
import dnnc.compiler.ir.Node;
import dnnc.compiler.ir.Shape;
import java.util.Arrays;
import java.util.List;

/**
 * Matrix product {@code op(A) @ op(B)}, where each operand is read as a matrix whose columns are its last
 * dim and whose rows are all the others, the batch included. So {@code x[B, 784] @ W[784, 256]} is one
 * product of n rows, and {@code x^T @ g} sums over the batch to give a weight gradient. Transposes are flags
 * passed to the kernel, never copies.
 *
 * <p>Forms: without transA, B is unbatched and the result keeps A's leading dims; with transA (never with
 * transB), A and B share their rows and the result is the unbatched [cols(A), cols(B)].
 */
public record MatMul(boolean transA, boolean transB) implements Op {

    @Override
    public Shape shape(List<Shape> inputs) {
        Shape a = inputs.get(0);
        Shape b = inputs.get(1);
        if (a.rank() < 1 || b.rank() < 1) {
            throw new IllegalArgumentException("matmul needs tensors of rank 1 or more: " + a + " @ " + b);
        }
        if (transA) {
            if (transB || a.batched() != b.batched()
                    || !Arrays.equals(leading(a), leading(b))) {
                throw new IllegalArgumentException("matmul^T rows differ: " + a + ", " + b);
            }
            return Shape.of(last(a), last(b));
        }
        if (b.batched() || b.rank() != 2) {
            throw new IllegalArgumentException("matmul right operand must be an unbatched matrix: " + b);
        }
        int k = transB ? b.dim(1) : b.dim(0);
        int n = transB ? b.dim(0) : b.dim(1);
        if (last(a) != k) {
            throw new IllegalArgumentException("matmul inner dims differ: " + a + " @ " + b);
        }
        int[] dims = a.dims();
        dims[dims.length - 1] = n;
        return new Shape(a.batched(), dims);
    }

    static int last(Shape s) {
        return s.dim(s.rank() - 1);
    }

    private static int[] leading(Shape s) {
        return Arrays.copyOf(s.dims(), s.rank() - 1);
    }

    /** Rows of the operand read as a matrix (everything but the last dim, batch included). */
    static Extent rows(Shape s) {
        return new Extent(s.size() / last(s), s.batched());
    }

    @Override
    public List<Node> vjp(GraphBuilder g, Node node, Node grad) {
        Node a = node.input(0);
        Node b = node.input(1);
        if (transA) {           // C = A^T B:  dA = B G^T,  dB = A G
            return List.of(g.matmul(b, grad, false, true), g.matmul(a, grad, false, false));
        }
        if (transB) {           // C = A B^T:  dA = G B,    dB = G^T A
            return List.of(g.matmul(grad, b, false, false), g.matmul(grad, a, true, false));
        }
        // C = A B:  dA = G B^T,  dB = A^T G
        return List.of(g.matmul(grad, b, false, true), g.matmul(a, grad, true, false));
    }

    /** m, n, k of the product for a batch of {@code batch}. */
    private int[] mnk(Node node, int batch) {
        Shape a = node.input(0).shape();
        Shape b = node.input(1).shape();
        int rowsA = rows(a).value(batch);
        int m = transA ? last(a) : rowsA;
        int k = transA ? rowsA : last(a);
        int n = last(node.shape());
        return new int[] {m, n, k, b.rank()};
    }

    @Override
    public double[] eval(Node node, double[][] in, int batch) {
        int[] mnk = mnk(node, batch);
        int m = mnk[0], n = mnk[1], k = mnk[2];
        double[] c = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    double av = transA ? in[0][p * m + i] : in[0][i * k + p];
                    double bv = transB ? in[1][j * k + p] : in[1][p * n + j];
                    s += av * bv;
                }
                c[i * n + j] = s;
            }
        }
        return c;
    }

    @Override
    public void lower(Lowering l, Node node) {
        Shape a = node.input(0).shape();
        Extent rowsA = rows(a);
        Extent m = transA ? Extent.of(last(a)) : rowsA;
        Extent k = transA ? rowsA : Extent.of(last(a));
        l.code().push(transA);
        l.code().push(transB);
        l.pushExtent(m);
        l.pushExtent(Extent.of(last(node.shape())));
        l.pushExtent(k);
        l.loadBuffer(node.input(0));
        l.loadBuffer(node.input(1));
        l.loadBuffer(node);
        l.code().push(false);
        l.invokeKernel("dnnc/runtime/kernels/Gemm", "gemm", "(ZZIII[F[F[FZ)V");
    }

    /**
     * Pushes the arguments that a dense product's fused kernels ({@code Gemm.gemmBias}, {@code gemmReluGradient})
     * start with: transB, m, n, k, then the buffers of A = node.input(0), B = node.input(1) and C = node.
     */
    static void pushDenseProduct(Lowering l, Node node, boolean transB) {
        Shape a = node.input(0).shape();
        l.code().push(transB);
        l.pushExtent(rows(a));
        l.pushExtent(Extent.of(last(node.shape())));
        l.pushExtent(Extent.of(last(a)));
        l.loadBuffer(node.input(0));
        l.loadBuffer(node.input(1));
        l.loadBuffer(node);
    }

    @Override
    public String toString() {
        return "matmul" + (transA ? "_tA" : "") + (transB ? "_tB" : "");
    }
}
