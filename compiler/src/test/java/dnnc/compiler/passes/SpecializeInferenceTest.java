package dnnc.compiler.passes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dnnc.compiler.Pipeline;
import dnnc.compiler.ir.Graph;
import dnnc.compiler.ir.Node;
import dnnc.compiler.ops.Leaf;
import org.junit.jupiter.api.Test;

class SpecializeInferenceTest {
    private final PassTesting t = new PassTesting();

    private static Graph specialized(Graph graph) {
        return Pipeline.optimize(new SpecializeInference().run(graph));
    }

    @Test
    void dropoutIsTheIdentity() {
        Node dropped = t.g.mul(t.g.exp(t.x), t.g.dropoutMask(t.x.shape(), 0.5));
        assertEquals("""
                %0 = input x : [B, 4]
                %1 = exp(%0) : [B, 4]
                return %1
                """, PassTesting.print(specialized(t.graph(dropped))));
    }

    @Test
    void theTrainingFlagIsZero() {
        Node training = t.g.trainingFlag();
        Node blend = t.g.add(t.g.mul(training, t.g.exp(t.x)), t.g.mul(t.g.sub(t.g.constant(1), training), t.w));
        String printed = PassTesting.print(specialized(t.graph(blend)));
        assertFalse(printed.contains("exp"), printed);   // the training branch is gone
        assertTrue(printed.contains("param w"), printed);
    }

    @Test
    void computedValuesAreCopiesAndLeavesAreShared() {
        Node root = t.g.mul(t.g.exp(t.x), t.g.dropoutMask(t.x.shape(), 0.5));
        Graph training = t.graph(root);
        Graph inference = new SpecializeInference().run(training);
        for (Node n : inference.nodes()) {
            boolean shared = training.nodes().contains(n);
            boolean replacedLeaf = n.op() instanceof Leaf l && l.is(Leaf.Kind.CONST);   // the mask's 1
            assertEquals(n.op() instanceof Leaf && !replacedLeaf, shared, n.toString());
        }
    }

    @Test
    void onlyModelsThatBehaveDifferentlyWhenTrainingAreSpecialized() {
        assertFalse(SpecializeInference.applies(t.graph(t.g.exp(t.x))));
        assertTrue(SpecializeInference.applies(t.graph(t.g.mul(t.x, t.g.dropoutMask(t.x.shape(), 0.1)))));
        assertTrue(SpecializeInference.applies(t.graph(t.g.mul(t.x, t.g.trainingFlag()))));
    }
}
