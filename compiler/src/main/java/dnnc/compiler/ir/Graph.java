package dnnc.compiler.ir;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A model as IR: its leaves (input, target, parameters) and its roots (the loss, the outputs, the updates
 * of state such as running statistics, made during a training forward pass, and, once derived, one
 * gradient per parameter). The graph is exactly what the roots reach, so a value that reaches
 * none of them is never computed.
 */
public record Graph(Node input, Node target, List<Node> params, Node loss, List<Output> outputs, List<Node> grads,
                    List<Node> updates) {

    public record Output(String name, Node node) {
    }

    public Graph {
        params = List.copyOf(params);
        outputs = List.copyOf(outputs);
        grads = List.copyOf(grads);
        updates = List.copyOf(updates);
    }

    /** A graph without state updates. */
    public Graph(Node input, Node target, List<Node> params, Node loss, List<Output> outputs, List<Node> grads) {
        this(input, target, params, loss, outputs, grads, List.of());
    }

    public Graph withGrads(List<Node> newGrads) {
        return new Graph(input, target, params, loss, outputs, newGrads, updates);
    }

    public List<Node> roots() {
        List<Node> roots = new ArrayList<>();
        roots.add(loss);
        outputs.forEach(o -> roots.add(o.node()));
        roots.addAll(grads);
        roots.addAll(updates);
        return roots;
    }

    /** Every node the roots reach, inputs before users (node ids grow with creation). */
    public List<Node> nodes() {
        return reachable(roots());
    }

    public static List<Node> reachable(List<Node> roots) {
        Set<Node> seen = new HashSet<>();
        Deque<Node> work = new ArrayDeque<>(roots);
        while (!work.isEmpty()) {
            Node n = work.pop();
            if (seen.add(n)) {
                work.addAll(n.inputs());
            }
        }
        List<Node> sorted = new ArrayList<>(seen);
        sorted.sort(Comparator.comparingInt(Node::id));
        return sorted;
    }
}
