package dnnc.compiler.codegen;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dnnc.compiler.Pipeline;
import dnnc.compiler.TestModels;
import dnnc.compiler.ir.Node;
import dnnc.compiler.ops.Alias;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SlotPlanTest {

    @ParameterizedTest
    @ValueSource(strings = {"xor.dnn", "iris.dnn", "fashion_mlp.dnn", "fashion_cnn.dnn"})
    void noValueIsOverwrittenWhileItStillHasAReader(String example) {
        Pipeline.Compiled c = TestModels.compile(TestModels.example(example));
        List<Node> order = Schedule.of(c.generated()).trainingStep();
        Set<Node> roots = new HashSet<>();
        c.generated().roots().forEach(r -> roots.add(owner(r)));
        Map<Node, Integer> lastRead = new HashMap<>();
        for (int i = 0; i < order.size(); i++) {
            for (Node in : order.get(i).inputs()) {
                lastRead.put(owner(in), i);
            }
        }
        Map<Integer, Node> holder = new HashMap<>();
        for (int i = 0; i < order.size(); i++) {
            Node n = order.get(i);
            int slot = c.slots().slot(n);
            Node previous = holder.get(slot);
            if (previous != null && (roots.contains(previous) || lastRead.getOrDefault(previous, -1) >= i)) {
                fail(example + ": " + n + " overwrites " + previous + ", still needed");
            }
            holder.put(slot, n);
        }
        for (Node r : roots) {
            if (!(r.op() instanceof dnnc.compiler.ops.Leaf)) {
                assertTrue(holder.get(c.slots().slot(r)) == r, example + ": root " + r + " was overwritten");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"fashion_mlp.dnn", "fashion_cnn.dnn"})
    void buffersAreSharedBetweenValuesThatAreNotAliveTogether(String example) {
        Pipeline.Compiled c = TestModels.compile(TestModels.example(example));
        int computed = Schedule.of(c.generated()).trainingStep().size();
        int temporaries = c.spec().slots().size() - 2 * c.spec().params().size() - 2;
        // without sharing there would be a buffer per value (fashion_mlp: 36 for 54, fashion_cnn's many more)
        assertTrue(temporaries <= computed * 3 / 4,
                example + ": " + temporaries + " buffers for " + computed + " values");
    }

    private static Node owner(Node n) {
        while (n.op() instanceof Alias) {
            n = n.input(0);
        }
        return n;
    }
}
