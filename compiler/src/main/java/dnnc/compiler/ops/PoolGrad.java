package dnnc.compiler.ops;

import dnnc.compiler.codegen.Lowering;
import dnnc.compiler.ir.GraphBuilder;
import dnnc.compiler.ir.Node;
import dnnc.compiler.ir.Shape;
import java.util.List;

/**
 * The gradient of {@link Pool}, of the pooled input's shape {@code result}: from (x, g) for max pooling
 * (which needs x to find each window's largest element) and from (g) alone for average pooling.
 */
public record PoolGrad(boolean max, int size, int stride, Shape result) implements Op {

    @Override
    public Shape shape(List<Shape> inputs) {
        return result;
    }

    @Override
    public List<Node> vjp(GraphBuilder g, Node node, Node grad) {
        throw new UnsupportedOperationException("second derivatives of pooling are not supported");
    }

    @Override
    public double[] eval(Node node, double[][] in, int batch) {
        double[] dx = new double[batch * result.size()];
        double[] g = in[max ? 1 : 0];
        int[] out = node.input(max ? 1 : 0).shape().dims();
        Pool.forEachWindow(batch, result.dims(), out, size, stride, (outIndex, window) -> {
            if (max) {
                int best = window[0];
                for (int xi : window) {
                    best = in[0][xi] > in[0][best] ? xi : best;
                }
                dx[best] += g[outIndex];
            } else {
                for (int xi : window) {
                    dx[xi] += g[outIndex] / (size * size);
                }
            }
        });
        return dx;
    }

    @Override
    public void lower(Lowering l, Node node) {
        l.loadBuffer(node.input(0));
        if (max) {
            l.loadBuffer(node.input(1));
        }
        l.loadBuffer(node);
        Pool.pushGeometry(l, result, size, stride);
        l.invokeKernel("dnnc/runtime/kernels/Pool", max ? "maxBackward" : "avgBackward",
                max ? "([F[F[FIIIIII)V" : "([F[FIIIIII)V");
    }

    @Override
    public String toString() {
        return (max ? "maxpool_grad" : "avgpool_grad") + "[" + size + ", stride " + stride + "]";
    }
}
