package dnnc.compiler.passes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dnnc.compiler.ir.Graph;
import dnnc.compiler.ir.Interpreter;
import dnnc.compiler.ir.Node;
import dnnc.compiler.ir.Shape;
import dnnc.compiler.ops.Unary;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FuseElementwiseTest {
    private final PassTesting t = new PassTesting();

    private Graph fused(Node root) {
        return new FuseElementwise().run(t.graph(root));
    }

    @Test
    void aChainOfElementwiseOpsBecomesOneLoop() {
        Node chain = t.g.exp(t.g.mul(t.g.add(t.x, t.w), t.g.constant(2)));
        assertEquals("""
                %0 = input x : [B, 4]
                %1 = param w : [4]
                %3 = fused{exp(mul(add($0, $1), $2))}(%0, %1, 2) : [B, 4]
                return %3
                """, PassTesting.print(fused(chain)));
    }

    @Test
    void aValueWithTwoReadersStaysInItsBuffer() {
        Node shared = t.g.add(t.x, t.w);
        Node root = t.g.mul(t.g.exp(shared), shared);
        String printed = PassTesting.print(fused(root));
        assertEquals(true, printed.contains("= add(%0, %1) : [B, 4]"), printed);
        assertEquals(true, printed.contains("fused{mul(exp($0), $0)}"), printed);
    }

    @Test
    void aCheapValueReadTwiceByOneOpIsComputedInlineTwice() {
        Node scaled = t.g.mul(t.x, t.w);                  // the L2 penalty's gradient: c*w + c*w
        assertEquals("""
                %0 = input x : [B, 4]
                %1 = param w : [4]
                %2 = fused{add(mul($0, $1), mul($0, $1))}(%0, %1) : [B, 4]
                return %2
                """, PassTesting.print(fused(t.g.add(scaled, scaled))));
    }

    @Test
    void anExpensiveValueReadTwiceByOneOpStaysInItsBuffer() {
        Node expensive = t.g.exp(t.x);
        String printed = PassTesting.print(fused(t.g.add(expensive, expensive)));
        assertEquals(true, printed.contains("= exp(%0) : [B, 4]"), printed);
        assertEquals(true, printed.contains("= add(%1, %1) : [B, 4]"), printed);
    }

    @Test
    void aSmallerValueIsNotRecomputedForEveryElement() {
        Node small = t.g.exp(t.w);                    // [4], broadcast over the batch
        String printed = PassTesting.print(fused(t.g.mul(t.x, small)));
        assertEquals(true, printed.contains("= exp(%1) : [4]"), printed);
    }

    @Test
    void fusedAndUnfusedGraphsComputeTheSame() {
        Node root = t.g.unary(Unary.Fn.TANH, t.g.sub(t.g.mul(t.x, t.w), t.g.div(t.x, t.g.add(t.w, t.g.constant(3)))));
        Map<Node, double[]> leaves = new HashMap<>();
        leaves.put(t.x, new double[] {1, -2, 3, 0.5, -1, 2, 0.25, 4});
        leaves.put(t.w, new double[] {0.5, 1.5, -0.5, 2});
        double[] plain = new Interpreter(leaves, 2).eval(root);
        double[] fused = new Interpreter(leaves, 2).eval(fused(root).outputs().get(0).node());
        assertArrayEquals(plain, fused, 1e-12);
        assertEquals(Shape.batchOf(4), fused(root).outputs().get(0).node().shape());
    }
}
