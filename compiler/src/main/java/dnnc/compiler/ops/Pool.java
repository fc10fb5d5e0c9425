package dnnc.compiler.ops;

import dnnc.compiler.codegen.Extent;
import dnnc.compiler.codegen.Lowering;
import dnnc.compiler.ir.GraphBuilder;
import dnnc.compiler.ir.Node;
import dnnc.compiler.ir.Shape;
import java.util.List;

/**
 * Max or average pooling of [B, C, H, W] over size x size windows moved by stride, without padding:
 * [B, C, (H - size) / stride + 1, (W - size) / stride + 1]. Max pooling sends each window's gradient to
 * its (first) largest element; average pooling spreads it evenly.
 */
public record Pool(boolean max, int size, int stride) implements Op {

    @Override
    public Shape shape(List<Shape> inputs) {
        Shape x = inputs.get(0);
        if (!x.batched() || x.rank() != 3 || x.dim(1) < size || x.dim(2) < size) {
            throw new IllegalArgumentException("pooling " + size + "x" + size + " does not fit " + x);
        }
        return Shape.batchOf(x.dim(0), (x.dim(1) - size) / stride + 1, (x.dim(2) - size) / stride + 1);
    }

    @Override
    public List<Node> vjp(GraphBuilder g, Node node, Node grad) {
        Node x = node.input(0);
        PoolGrad rule = new PoolGrad(max, size, stride, x.shape());
        return List.of(max ? g.node(rule, x, grad) : g.node(rule, grad));
    }

    @Override
    public double[] eval(Node node, double[][] in, int batch) {
        int[] x = node.input(0).shape().dims();
        int[] o = node.shape().dims();
        double[] out = new double[batch * node.shape().size()];
        forEachWindow(batch, x, o, size, stride, (outIndex, window) -> {
            double acc = max ? Double.NEGATIVE_INFINITY : 0;
            for (int xi : window) {
                acc = max ? Math.max(acc, in[0][xi]) : acc + in[0][xi] / (size * size);
            }
            out[outIndex] = acc;
        });
        return out;
    }

    interface Window {
        void apply(int outIndex, int[] inputIndices);
    }

    /** Calls {@code window} with each output element and the input elements of its window, in row order. */
    static void forEachWindow(int batch, int[] x, int[] out, int size, int stride, Window window) {
        int[] indices = new int[size * size];
        for (int plane = 0; plane < batch * x[0]; plane++) {
            for (int oy = 0; oy < out[1]; oy++) {
                for (int ox = 0; ox < out[2]; ox++) {
                    for (int dy = 0; dy < size; dy++) {
                        for (int dx = 0; dx < size; dx++) {
                            indices[dy * size + dx] = (plane * x[1] + oy * stride + dy) * x[2] + ox * stride + dx;
                        }
                    }
                    window.apply((plane * out[1] + oy) * out[2] + ox, indices);
                }
            }
        }
    }

    @Override
    public void lower(Lowering l, Node node) {
        l.loadBuffer(node.input(0));
        l.loadBuffer(node);
        pushGeometry(l, node.input(0).shape(), size, stride);
        l.invokeKernel("dnnc/runtime/kernels/Pool", max ? "maxForward" : "avgForward", "([F[FIIIIII)V");
    }

    static void pushGeometry(Lowering l, Shape x, int size, int stride) {
        l.pushExtent(new Extent(1, true));
        for (int d : x.dims()) {
            l.code().push(d);
        }
        l.code().push(size);
        l.code().push(stride);
    }

    @Override
    public String toString() {
        return (max ? "maxpool" : "avgpool") + "[" + size + ", stride " + stride + "]";
    }
}
