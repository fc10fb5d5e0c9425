package dnnc.compiler.passes;

import dnnc.compiler.ir.Graph;
import dnnc.compiler.ir.Node;
import dnnc.compiler.ops.Op;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Computes each distinct value once: two nodes with the same op on the same inputs become one. Gradients
 * repeat forward values often (sigmoid's gradient reuses its output, a bias gradient its matmul's), and
 * constants are merged by value.
 */
public final class CommonSubexpressions implements Pass {
    private record Key(Op op, List<Integer> inputs) {
    }

    @Override
    public String name() {
        return "cse";
    }

    @Override
    public Graph run(Graph graph) {
        Map<Key, Node> seen = new HashMap<>();
        return Rewriter.rewrite(graph, (g, node, inputs) -> {
            Node candidate = Rewriter.rebuild(g, node, inputs);
            if (!node.op().isPure()) {
                return candidate;
            }
            Key key = new Key(node.op(), inputs.stream().map(Node::id).toList());
            return seen.computeIfAbsent(key, k -> candidate);
        });
    }
}
