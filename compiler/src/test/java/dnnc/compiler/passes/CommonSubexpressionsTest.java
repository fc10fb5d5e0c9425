package dnnc.compiler.passes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dnnc.compiler.ir.Graph;
import dnnc.compiler.ir.Node;
import org.junit.jupiter.api.Test;

class CommonSubexpressionsTest {
    private final PassTesting t = new PassTesting();

    @Test
    void theSameComputationTwiceBecomesOne() {
        Node a = t.g.mul(t.g.exp(t.x), t.w);
        Node b = t.g.mul(t.g.exp(t.x), t.w);
        Graph out = new CommonSubexpressions().run(t.graph(t.g.add(a, b)));
        Node sum = out.outputs().get(0).node();
        assertSame(sum.input(0), sum.input(1));
    }

    @Test
    void equalConstantsAreMerged() {
        Graph out = new CommonSubexpressions().run(t.graph(t.g.add(t.g.mul(t.x, t.g.constant(3)), t.g.constant(3))));
        Node sum = out.outputs().get(0).node();
        assertSame(sum.input(0).input(1), sum.input(1));
    }

    @Test
    void differentOpsOnTheSameInputStayApart() {
        Node e = t.g.exp(t.x);
        Node n = t.g.neg(t.x);
        Graph before = t.graph(t.g.add(e, n));
        assertEquals(PassTesting.print(before), PassTesting.print(new CommonSubexpressions().run(before)));
    }
}
