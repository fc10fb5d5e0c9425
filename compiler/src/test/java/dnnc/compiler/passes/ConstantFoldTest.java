package dnnc.compiler.passes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dnnc.compiler.ir.Graph;
import dnnc.compiler.ir.Node;
import dnnc.compiler.ops.Binary;
import org.junit.jupiter.api.Test;

class ConstantFoldTest {
    private final PassTesting t = new PassTesting();

    @Test
    void arithmeticOnConstantsIsComputedAtCompileTime() {
        // built without the builder's own folding, as a rewrite might leave it
        Node two = t.g.constant(2);
        Node half = t.g.constant(0.5);
        Node product = t.g.unfolded(new Binary(Binary.Fn.MUL), two, half);
        Graph folded = new ConstantFold().run(t.graph(t.g.mul(t.x, product)));
        assertEquals(PassTesting.print(t.graph(t.g.mul(t.x, t.g.constant(1)))), PassTesting.print(folded));
    }

    @Test
    void valuesThatDependOnInputsAreLeftAlone() {
        Node e = t.g.exp(t.g.add(t.x, t.g.constant(1)));
        assertEquals(PassTesting.print(t.graph(e)), PassTesting.print(new ConstantFold().run(t.graph(e))));
    }
}
