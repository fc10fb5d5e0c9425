package dnnc.compiler.ops;

import static dnnc.compiler.ops.Builtins.add;
import static dnnc.compiler.ops.Builtins.axis;
import static dnnc.compiler.ops.Builtins.tensor;

import dnnc.compiler.check.CallSite;
import dnnc.compiler.check.Value;
import dnnc.compiler.ir.Node;
import dnnc.compiler.ir.Shape;
import java.util.ArrayList;
import java.util.List;

/** Built-ins that rearrange elements: transpose, reshape, flatten, concat and slice. The batch axis stays. */
final class Shapes {
    private Shapes() {
    }

    static void register() {
        add(Signature.of("transpose", "x", "axis1=-2", "axis2=-1"),
                "swaps two axes of each example (by default the last two): [3, 4] -> [4, 3]", Shapes::transpose);
        add(Signature.of("reshape", "x", "dims", "..."),
                "the same elements with other per-example dims: reshape(x, 2, 6) of [12] is [2, 6]", Shapes::reshape);
        add(Signature.of("flatten", "x"), "each example as one vector: [B, 2, 3] -> [B, 6]", Shapes::flatten);
        add(Signature.of("concat", "x", "...", "axis=-1"),
                "joins tensors along an axis: concat(a, b) of [2] and [3] is [5]", Shapes::concat);
        add(Signature.of("slice", "x", "from", "to", "axis=-1"),
                "elements from..to-1 along an axis (negative counts from the end): slice(x, 1, 3) of [5] is [2]",
                Shapes::slice);
    }

    private static Value transpose(CallSite c) {
        Node x = c.tensor(0);
        if (x == null) {
            return null;
        }
        if (x.shape().rank() < 2) {
            c.error(0, "transpose() needs at least two axes per example, but got " + x.shape().dimsText());
            return null;
        }
        Integer a = axis(c, 1, x);
        Integer b = axis(c, 2, x);
        if (a == null || b == null) {
            return null;
        }
        if (a.equals(b)) {
            return tensor(x);
        }
        return tensor(c.graph().transpose(x, Math.min(a, b), Math.max(a, b)));
    }

    private static Value reshape(CallSite c) {
        Node x = c.tensor(0);
        List<Integer> dims = new ArrayList<>();
        Integer first = c.integer(1, 1);
        if (x == null || first == null) {
            return null;
        }
        dims.add(first);
        for (Value v : c.rest()) {
            if (!(v instanceof Value.Tensor t && t.isConstant() && t.constant() == Math.rint(t.constant())
                    && t.constant() >= 1)) {
                c.errorAtCall("reshape() dims must be whole numbers of at least 1, not " + Value.describe(v));
                return null;
            }
            dims.add((int) t.constant());
        }
        Shape target = new Shape(x.shape().batched(), dims.stream().mapToInt(Integer::intValue).toArray());
        long size = 1;
        for (int d : dims) {
            size *= d;
        }
        if (size != x.shape().size()) {
            c.errorAtCall("reshape() cannot make " + target.dimsText() + " (" + size + " elements) of "
                    + x.shape().dimsText() + " (" + x.shape().size() + " elements" + (x.shape().batched()
                    ? " per example" : "") + ")");
            return null;
        }
        return tensor(c.graph().reshape(x, target));
    }

    private static Value flatten(CallSite c) {
        Node x = c.tensor(0);
        return x == null ? null : tensor(c.graph().reshape(x, new Shape(x.shape().batched(),
                new int[] {x.shape().size()})));
    }

    private static Value concat(CallSite c) {
        List<Node> parts = new ArrayList<>();
        Node first = c.tensor(0);
        if (first == null) {
            return null;
        }
        parts.add(first);
        for (Value v : c.rest()) {
            if (!(v instanceof Value.Tensor t)) {
                c.errorAtCall("concat() joins tensors, not " + Value.describe(v));
                return null;
            }
            parts.add(t.node());
        }
        Integer axis = axis(c, 1, first);
        if (axis == null) {
            return null;
        }
        for (Node p : parts) {
            Shape s = p.shape();
            int[] a = s.dims();
            int[] b = first.shape().dims();
            int k = axis - (s.batched() ? 1 : 0);
            boolean fits = s.batched() == first.shape().batched() && a.length == b.length;
            if (fits) {
                a[k] = b[k];
                fits = java.util.Arrays.equals(a, b);
            }
            if (!fits) {
                c.errorAtCall("concat() needs parts that agree on every axis but the one joined, and are all per "
                        + "example or all not, but got " + parts.stream().map(n -> n.shape().dimsText()
                        + (n.shape().batched() ? " per example" : "")).toList());
                return null;
            }
        }
        return tensor(c.graph().concat(axis, parts.toArray(Node[]::new)));
    }

    private static Value slice(CallSite c) {
        Node x = c.tensor(0);
        Integer from = c.integer(1, Integer.MIN_VALUE);
        Integer to = c.integer(2, Integer.MIN_VALUE);
        Integer axis = x == null ? null : axis(c, 3, x);
        if (axis == null || from == null || to == null) {
            return null;
        }
        int n = x.shape().fullDims(1)[axis];
        int f = from < 0 ? from + n : from;
        int t = to < 0 ? to + n : to;
        if (f < 0 || t > n || f >= t) {
            c.errorAtCall("slice() from " + from + " to " + to + " is empty or outside the axis, which has " + n
                    + " elements");
            return null;
        }
        return tensor(c.graph().slice(x, axis, f, t));
    }

}
