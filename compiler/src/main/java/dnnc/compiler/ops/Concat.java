package dnnc.compiler.ops;

import dnnc.compiler.codegen.Lowering;
import dnnc.compiler.ir.GraphBuilder;
import dnnc.compiler.ir.Node;
import dnnc.compiler.ir.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * Joins tensors along full axis {@code axis} (never the batch axis). All parts are batched or none is, and
 * their other dims agree. Gradient: each part gets its slice of the result's gradient.
 */
public record Concat(int axis) implements Op {

    @Override
    public Shape shape(List<Shape> inputs) {
        Shape first = inputs.get(0);
        int offset = first.batched() ? 1 : 0;
        if (axis < offset || axis >= first.fullRank()) {
            throw new IllegalArgumentException("concat axis " + axis + " out of range for " + first);
        }
        int[] dims = first.dims();
        int total = 0;
        for (Shape s : inputs) {
            int[] d = s.dims();
            d[axis - offset] = dims[axis - offset];
            if (s.batched() != first.batched() || !java.util.Arrays.equals(d, dims)) {
                throw new IllegalArgumentException("concat parts differ other than along the axis: " + inputs);
            }
            total += s.dim(axis - offset);
        }
        dims[axis - offset] = total;
        return new Shape(first.batched(), dims);
    }

    @Override
    public List<Node> vjp(GraphBuilder g, Node node, Node grad) {
        List<Node> parts = new ArrayList<>();
        int at = 0;
        for (Node in : node.inputs()) {
            int n = in.shape().fullDims(1)[axis];
            parts.add(g.slice(grad, axis, at, at + n));
            at += n;
        }
        return parts;
    }

    @Override
    public double[] eval(Node node, double[][] in, int batch) {
        Rows out = Rows.around(node.shape(), axis);
        int rows = out.rows().value(batch);
        double[] result = new double[rows * out.width()];
        int at = 0;
        for (int k = 0; k < in.length; k++) {
            int width = Rows.around(node.input(k).shape(), axis).width();
            Rows.copy(in[k], rows, width, 0, result, out.width(), at, width);
            at += width;
        }
        return result;
    }

    @Override
    public void lower(Lowering l, Node node) {
        Rows out = Rows.around(node.shape(), axis);
        int at = 0;
        for (Node in : node.inputs()) {
            int width = Rows.around(in.shape(), axis).width();
            l.loadBuffer(in);
            l.pushExtent(out.rows());
            l.code().push(width);
            l.code().push(0);
            l.loadBuffer(node);
            l.code().push(out.width());
            l.code().push(at);
            l.code().push(width);
            l.invokeKernel("dnnc/runtime/kernels/Layout", "copyRows", "([FIII[FIII)V");
            at += width;
        }
    }

    @Override
    public String toString() {
        return "concat[" + axis + "]";
    }
}
