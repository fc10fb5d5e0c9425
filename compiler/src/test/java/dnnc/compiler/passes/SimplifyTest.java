package dnnc.compiler.passes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dnnc.compiler.ir.Node;
import org.junit.jupiter.api.Test;

class SimplifyTest {
    private final PassTesting t = new PassTesting();

    private String simplified(Node root) {
        return PassTesting.print(new Simplify().run(t.graph(root)));
    }

    private String plain(Node root) {
        return PassTesting.print(t.graph(root));
    }

    @Test
    void multiplyingByOneIsDropped() {
        assertEquals(plain(t.g.unary(dnnc.compiler.ops.Unary.Fn.RELU, t.x)), simplified(t.g.unary(dnnc.compiler.ops.Unary.Fn.RELU, t.g.mul(t.x, t.g.constant(1)))));
        assertEquals(plain(t.g.unary(dnnc.compiler.ops.Unary.Fn.RELU, t.x)), simplified(t.g.unary(dnnc.compiler.ops.Unary.Fn.RELU, t.g.mul(t.g.constant(1), t.x))));
    }

    @Test
    void addingZeroIsDropped() {
        assertEquals(plain(t.g.exp(t.x)), simplified(t.g.exp(t.g.add(t.g.constant(0), t.x))));
        assertEquals(plain(t.g.exp(t.x)), simplified(t.g.exp(t.g.sub(t.x, t.g.constant(0)))));
    }

    @Test
    void zeroMinusBecomesNegation() {
        assertEquals(plain(t.g.neg(t.x)), simplified(t.g.sub(t.g.constant(0), t.x)));
    }

    @Test
    void doubleNegationCancels() {
        assertEquals(plain(t.g.exp(t.x)), simplified(t.g.exp(t.g.neg(t.g.neg(t.x)))));
    }

    @Test
    void dividingByOneIsDropped() {
        assertEquals(plain(t.g.exp(t.x)), simplified(t.g.exp(t.g.div(t.x, t.g.constant(1)))));
    }

    @Test
    void identityThatWouldChangeTheShapeIsKept() {
        // w is [4]; 1 * w broadcast against x stays a product of x's shape
        Node product = t.g.mul(t.g.broadcastTo(t.g.constant(1), t.x.shape()), t.w);
        assertEquals(plain(product), simplified(product));
    }

    @Test
    void reshapeOfReshapeIsOneReshape() {
        Node twice = t.g.reshape(t.g.reshape(t.x, dnnc.compiler.ir.Shape.batchOf(2, 2)), dnnc.compiler.ir.Shape.batchOf(4, 1));
        assertEquals(plain(t.g.reshape(t.x, dnnc.compiler.ir.Shape.batchOf(4, 1))), simplified(twice));
    }

    @Test
    void transposeOfTheSameTransposeCancels() {
        Node m = t.g.reshape(t.x, dnnc.compiler.ir.Shape.batchOf(2, 2));
        assertEquals(plain(t.g.exp(m)), simplified(t.g.exp(t.g.transpose(t.g.transpose(m, 1, 2), 1, 2))));
    }

    @Test
    void multiplyingByATransposedMatrixUsesTheKernelFlag() {
        Node w = t.g.leaf(dnnc.compiler.ops.Leaf.Kind.PARAM, "W", dnnc.compiler.ir.Shape.of(3, 4));
        assertEquals(plain(t.g.matmul(t.x, w, false, true)), simplified(t.g.matmul(t.x, t.g.transpose(w, 0, 1), false, false)));
    }
}
