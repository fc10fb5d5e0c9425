package dnnc.compiler.passes;

import dnnc.compiler.ir.Graph;
import dnnc.compiler.ir.GraphBuilder;
import dnnc.compiler.ir.Node;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Rebuilds a graph bottom-up: each node, with its inputs already rewritten, goes through a rule that may
 * return a replacement. Nodes whose inputs did not change and that the rule keeps stay the same objects.
 */
final class Rewriter {
    /** Returns the node to use instead of {@code node} (whose inputs are now {@code inputs}). */
    interface Rule {
        Node apply(GraphBuilder g, Node node, List<Node> inputs);
    }

    private Rewriter() {
    }

    static Graph rewrite(Graph graph, Rule rule) {
        GraphBuilder g = new GraphBuilder();
        Map<Node, Node> replaced = new HashMap<>();
        for (Node n : graph.nodes()) {
            List<Node> inputs = new ArrayList<>();
            for (Node in : n.inputs()) {
                inputs.add(replaced.getOrDefault(in, in));
            }
            replaced.put(n, rule.apply(g, n, inputs));
        }
        List<Graph.Output> outputs = new ArrayList<>();
        for (Graph.Output o : graph.outputs()) {
            outputs.add(new Graph.Output(o.name(), replaced.getOrDefault(o.node(), o.node())));
        }
        List<Node> grads = new ArrayList<>();
        for (Node gr : graph.grads()) {
            grads.add(replaced.getOrDefault(gr, gr));
        }
        List<Node> updates = new ArrayList<>();
        for (Node u : graph.updates()) {
            updates.add(replaced.getOrDefault(u, u));
        }
        return new Graph(graph.input(), graph.target(), graph.params(),
                replaced.getOrDefault(graph.loss(), graph.loss()), outputs, grads, updates);
    }

    /** How many nodes of the graph read each node (a node read twice by one reader counts twice). */
    static Map<Node, Integer> readers(Graph graph) {
        Map<Node, Integer> readers = new HashMap<>();
        for (Node n : graph.nodes()) {
            for (Node in : n.inputs()) {
                readers.merge(in, 1, Integer::sum);
            }
        }
        return readers;
    }

    /** {@link #readers}, with each of the graph's roots read once more (by the runtime). */
    static Map<Node, Integer> readersAndRuntime(Graph graph) {
        Map<Node, Integer> readers = readers(graph);
        for (Node root : graph.roots()) {
            readers.merge(root, 1, Integer::sum);
        }
        return readers;
    }

    /** The node with these inputs: itself when they are unchanged, else a new node of the same op. */
    static Node rebuild(GraphBuilder g, Node node, List<Node> inputs) {
        return inputs.equals(node.inputs()) ? node : g.node(node.op(), inputs.toArray(Node[]::new));
    }
}
