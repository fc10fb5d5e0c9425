package dnnc.compiler.ops;

import dnnc.compiler.codegen.Lowering;
import dnnc.compiler.ir.GraphBuilder;
import dnnc.compiler.ir.Node;
import dnnc.compiler.ir.Shape;
import java.util.List;

/**
 * Elements {@code [from, to)} along full axis {@code axis} (never the batch axis). Gradient: the result's
 * gradient put back in place between zeros, written as a concat.
 */
public record Slice(int axis, int from, int to) implements Op {

    @Override
    public Shape shape(List<Shape> inputs) {
        Shape in = inputs.get(0);
        int offset = in.batched() ? 1 : 0;
        if (axis < offset || axis >= in.fullRank() || from < 0 || from >= to || to > in.dim(axis - offset)) {
            throw new IllegalArgumentException("cannot slice [" + from + ", " + to + ") of axis " + axis + " of " + in);
        }
        int[] dims = in.dims();
        dims[axis - offset] = to - from;
        return new Shape(in.batched(), dims);
    }

    @Override
    public List<Node> vjp(GraphBuilder g, Node node, Node grad) {
        Shape in = node.input(0).shape();
        int offset = in.batched() ? 1 : 0;
        int n = in.dim(axis - offset);
        Node before = from == 0 ? null : g.zeros(withDim(in, from));
        Node after = to == n ? null : g.zeros(withDim(in, n - to));
        List<Node> parts = new java.util.ArrayList<>();
        if (before != null) {
            parts.add(before);
        }
        parts.add(grad);
        if (after != null) {
            parts.add(after);
        }
        return List.of(g.concat(axis, parts.toArray(Node[]::new)));
    }

    private Shape withDim(Shape s, int length) {
        int[] dims = s.dims();
        dims[axis - (s.batched() ? 1 : 0)] = length;
        return new Shape(s.batched(), dims);
    }

    @Override
    public double[] eval(Node node, double[][] in, int batch) {
        Rows src = Rows.around(node.input(0).shape(), axis);
        int rows = src.rows().value(batch);
        int width = (to - from) * src.inner();
        double[] out = new double[rows * width];
        Rows.copy(in[0], rows, src.width(), from * src.inner(), out, width, 0, width);
        return out;
    }

    @Override
    public void lower(Lowering l, Node node) {
        Rows src = Rows.around(node.input(0).shape(), axis);
        int width = (to - from) * src.inner();
        l.loadBuffer(node.input(0));
        l.pushExtent(src.rows());
        l.code().push(src.width());
        l.code().push(from * src.inner());
        l.loadBuffer(node);
        l.code().push(width);
        l.code().push(0);
        l.code().push(width);
        l.invokeKernel("dnnc/runtime/kernels/Layout", "copyRows", "([FIII[FIII)V");
    }

    @Override
    public String toString() {
        return "slice[" + axis + ", " + from + ":" + to + "]";
    }
}
