package dnnc.compiler.passes;

import dnnc.compiler.ir.Graph;
import dnnc.compiler.ir.GraphBuilder;
import dnnc.compiler.ir.Node;
import dnnc.compiler.ops.Binary;
import dnnc.compiler.ops.Broadcast;
import dnnc.compiler.ops.MatMul;
import dnnc.compiler.ops.Transpose;
import dnnc.compiler.ops.Reshape;
import dnnc.compiler.ops.Unary;
import java.util.List;

/**
 * Algebraic identities that the gradient rules leave behind: {@code x * 1}, {@code 1 * x}, {@code x + 0},
 * {@code 0 + x}, {@code x - 0}, {@code 0 - x} to {@code -x}, {@code x / 1}, {@code x ^ 1}, {@code -(-x)}, a reshape of a
 * reshape, a broadcast or reshape to the shape a value already has, a transpose of the same transpose, and a
 * transposed matrix multiplied (the matmul kernel's flag does it for free). An identity applies only where it
 * keeps the result's shape (adding a scalar 0 to a vector is still a vector).
 */
public final class Simplify implements Pass {
    @Override
    public String name() {
        return "simplify";
    }

    @Override
    public Graph run(Graph graph) {
        return Rewriter.rewrite(graph, (g, node, inputs) -> {
            Node rebuilt = Rewriter.rebuild(g, node, inputs);
            Node simpler = simplify(g, rebuilt);
            return simpler != null ? simpler : rebuilt;
        });
    }

    /** A simpler node computing the same as {@code n}, or null. */
    static Node simplify(GraphBuilder g, Node n) {
        List<Node> in = n.inputs();
        if (n.op() instanceof Binary b) {
            Node x = in.get(0);
            Node y = in.get(1);
            switch (b.fn()) {
                case MUL:
                    return is(y, 1) ? same(n, x) : is(x, 1) ? same(n, y) : null;
                case ADD:
                    return is(y, 0) ? same(n, x) : is(x, 0) ? same(n, y) : null;
                case SUB:
                    return is(y, 0) ? same(n, x) : is(x, 0) && n.shape().equals(y.shape()) ? g.neg(y) : null;
                case DIV:
                    return is(y, 1) ? same(n, x) : null;
                case POW:
                    return is(y, 1) ? same(n, x) : null;
                default:
                    return null;
            }
        }
        if (n.op() instanceof Unary u && u.fn() == Unary.Fn.NEG && in.get(0).op() instanceof Unary inner
                && inner.fn() == Unary.Fn.NEG) {
            return in.get(0).input(0);
        }
        if (n.op() instanceof Reshape r) {
            Node x = in.get(0);
            if (x.shape().equals(n.shape())) {
                return x;
            }
            if (x.op() instanceof Reshape) {
                return g.reshape(x.input(0), r.target());
            }
        }
        if (n.op() instanceof Transpose t && in.get(0).op().equals(t)) {
            return in.get(0).input(0);
        }
        if (n.op() instanceof MatMul m && !m.transA() && in.get(1).op() instanceof Transpose t
                && in.get(1).shape().rank() == 2 && !in.get(1).shape().batched()) {
            return g.matmul(in.get(0), in.get(1).input(0), false, !m.transB());
        }
        if (n.op() instanceof Broadcast && in.get(0).shape().equals(n.shape())) {
            return in.get(0);
        }
        return null;
    }

    private static boolean is(Node n, double value) {
        return GraphBuilder.isConstant(n) && GraphBuilder.constantValue(n) == value;
    }

    /** {@code x} when it already has the result's shape, else null (the identity would change the shape). */
    private static Node same(Node result, Node x) {
        return x.shape().equals(result.shape()) ? x : null;
    }
}
