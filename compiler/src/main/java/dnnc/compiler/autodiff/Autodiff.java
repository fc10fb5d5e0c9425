package dnnc.compiler.autodiff;

import dnnc.compiler.ir.Graph;
import dnnc.compiler.ir.GraphBuilder;
import dnnc.compiler.ir.Node;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reverse-mode differentiation on the IR, done once at compile time: walk the nodes from the loss back to
 * the parameters, ask each op for its gradient rule, and add up the contributions a node receives from all
 * its users. The result is more IR, which the passes then simplify like any other.
 */
public final class Autodiff {
    private Autodiff() {
    }

    /** The graph with one gradient root per parameter: d loss / d param, of the parameter's shape. */
    public static Graph differentiate(Graph graph, GraphBuilder g) {
        List<Node> trained = graph.params().stream().filter(Autodiff::isTrained).toList();
        Map<Node, Node> grads = gradients(g, graph.loss(), trained);
        List<Node> roots = new ArrayList<>();
        for (Node p : graph.params()) {
            Node grad = grads.get(p);   // none for state, which the optimizer does not touch
            roots.add(grad != null ? grad : g.broadcastTo(g.constant(0), p.shape()));
        }
        return graph.withGrads(roots);
    }

    private static boolean isTrained(Node param) {
        return !(param.op() instanceof dnnc.compiler.ops.Leaf l && l.is(dnnc.compiler.ops.Leaf.Kind.STATE));
    }

    /** Gradients of {@code loss} with respect to each of {@code wrt} that it depends on. */
    public static Map<Node, Node> gradients(GraphBuilder g, Node loss, List<Node> wrt) {
        List<Node> order = Graph.reachable(List.of(loss));
        Set<Node> needed = dependsOn(order, wrt);
        Map<Node, Node> adjoint = new HashMap<>();
        adjoint.put(loss, g.broadcastTo(g.constant(1), loss.shape()));
        for (int i = order.size() - 1; i >= 0; i--) {
            Node node = order.get(i);
            Node grad = adjoint.get(node);
            if (grad == null || node.inputs().isEmpty()) {
                continue;
            }
            List<Node> contributions = node.op().vjp(g, node, grad);
            for (int k = 0; k < node.inputs().size(); k++) {
                Node input = node.input(k);
                Node c = contributions.get(k);
                if (c != null && needed.contains(input)) {
                    if (!c.shape().equals(input.shape())) {
                        throw new IllegalStateException("gradient rule of " + node.op() + " gave " + c.shape()
                                + " for an input of " + input.shape());
                    }
                    adjoint.merge(input, c, g::add);
                }
            }
        }
        Map<Node, Node> result = new HashMap<>();
        for (Node w : wrt) {
            if (adjoint.containsKey(w)) {
                result.put(w, adjoint.get(w));
            }
        }
        return result;
    }

    /** Nodes on a path to one of {@code wrt}: only those need a gradient. */
    private static Set<Node> dependsOn(List<Node> order, List<Node> wrt) {
        Set<Node> needed = new HashSet<>(wrt);
        for (Node n : order) {
            for (Node in : n.inputs()) {
                if (needed.contains(in)) {
                    needed.add(n);
                    break;
                }
            }
        }
        return needed;
    }
}
