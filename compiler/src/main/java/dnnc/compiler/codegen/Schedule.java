package dnnc.compiler.codegen;

import dnnc.compiler.ir.Graph;
import dnnc.compiler.ir.Node;
import dnnc.compiler.ops.Alias;
import dnnc.compiler.ops.Leaf;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/**
 * The order in which generated code computes values: {@code forward} (outputs and loss, then updates of
 * state), then
 * {@code backward} (the gradients, minus what forward computed); {@code predict} is the part of forward
 * that the outputs need. Leaves and aliases need no code and are left out.
 */
public record Schedule(List<Node> forward, List<Node> backward, List<Node> predict) {

    public static Schedule of(Graph graph) {
        List<Node> outputs = graph.outputs().stream().map(Graph.Output::node).toList();
        List<Node> lossAndOutputs = new ArrayList<>(outputs);
        lossAndOutputs.add(graph.loss());
        List<Node> forward = computed(lossAndOutputs);
        for (Node n : computed(graph.updates())) {   // state updates last, after everything that reads the state
            if (!forward.contains(n)) {
                forward.add(n);
            }
        }
        List<Node> backward = computed(graph.grads());
        backward.removeAll(new HashSet<>(forward));
        return new Schedule(forward, backward, computed(outputs));
    }

    /** forward then backward: the order of one training step. */
    public List<Node> trainingStep() {
        List<Node> all = new ArrayList<>(forward);
        all.addAll(backward);
        return all;
    }

    private static List<Node> computed(List<Node> roots) {
        List<Node> out = new ArrayList<>();
        for (Node n : Graph.reachable(roots)) {
            if (!(n.op() instanceof Leaf) && !(n.op() instanceof Alias)) {
                out.add(n);
            }
        }
        return out;
    }
}
