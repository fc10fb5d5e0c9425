package dnnc.compiler.passes;

import dnnc.compiler.ir.Graph;
import dnnc.compiler.ir.Node;
import dnnc.compiler.ops.Binary;
import dnnc.compiler.ops.Elementwise;
import dnnc.compiler.ops.Fused;
import dnnc.compiler.ops.Unary;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Fuses chains of elementwise ops into one loop: an elementwise value of the same shape as the elementwise
 * op that reads it, and read by nothing else, is computed inside that op's loop instead of going through a
 * buffer. A value that op reads twice (the L2 penalty's gradient, c*w + c*w) is computed inline twice when it
 * is cheap arithmetic: two multiplies an element cost less than writing the buffer and reading it back, and the
 * result is the same float. It runs last, on the graph with its gradients, because fused nodes have no
 * gradient rule.
 */
public final class FuseElementwise implements Pass {
    @Override
    public String name() {
        return "fuse-elementwise";
    }

    @Override
    public Graph run(Graph graph) {
        Map<Node, Integer> readers = readingNodes(graph);
        Set<Node> roots = new HashSet<>(graph.roots());
        return Rewriter.rewrite(graph, (builder, node, inputs) -> {
            Node rebuilt = Rewriter.rebuild(builder, node, inputs);
            if (!(node.op() instanceof Elementwise op)) {
                return rebuilt;
            }
            List<Node> leaves = new ArrayList<>();
            List<Fused.Tree> args = new ArrayList<>();
            boolean fusedAny = false;
            for (int k = 0; k < node.inputs().size(); k++) {
                Node in = node.input(k);
                Node now = inputs.get(k);
                boolean inline = in.op() instanceof Elementwise && in.shape().equals(node.shape())
                        && readers.getOrDefault(in, 0) == 1 && !roots.contains(in)
                        && (Collections.frequency(node.inputs(), in) == 1 || cheap(in));
                args.add(inline ? treeOf(now, leaves) : leaf(now, leaves));
                fusedAny |= inline;
            }
            if (!fusedAny) {
                return rebuilt;
            }
            Fused fused = new Fused(new Fused.Apply(op, args), node.shape());
            return builder.node(fused, leaves.toArray(Node[]::new));
        });
    }

    /** How many nodes read each node (a node that reads another twice counts once). */
    private static Map<Node, Integer> readingNodes(Graph graph) {
        Map<Node, Integer> readers = new HashMap<>();
        for (Node n : graph.nodes()) {
            for (Node in : new HashSet<>(n.inputs())) {
                readers.merge(in, 1, Integer::sum);
            }
        }
        return readers;
    }

    /** Whether computing {@code n} is a few adds, subtractions, multiplies or negations an element. */
    private static boolean cheap(Node n) {
        if (n.op() instanceof Fused f) {
            return cheap(f.tree());
        }
        return cheap((Elementwise) n.op());
    }

    private static boolean cheap(Fused.Tree t) {
        if (t instanceof Fused.Apply a) {
            return cheap(a.op()) && a.args().stream().allMatch(FuseElementwise::cheap);
        }
        return true;
    }

    private static boolean cheap(Elementwise op) {
        if (op instanceof Binary b) {
            return b.fn() == Binary.Fn.ADD || b.fn() == Binary.Fn.SUB || b.fn() == Binary.Fn.MUL;
        }
        return op instanceof Unary u && u.fn() == Unary.Fn.NEG;
    }

    /** The expression computing {@code n} from leaves, adding its inputs to {@code leaves}. */
    private static Fused.Tree treeOf(Node n, List<Node> leaves) {
        if (n.op() instanceof Fused f) {
            return remap(f.tree(), n.inputs(), leaves);
        }
        List<Fused.Tree> args = new ArrayList<>();
        for (Node in : n.inputs()) {
            args.add(leaf(in, leaves));
        }
        return new Fused.Apply((Elementwise) n.op(), args);
    }

    private static Fused.Tree remap(Fused.Tree t, List<Node> inputs, List<Node> leaves) {
        if (t instanceof Fused.Input in) {
            return leaf(inputs.get(in.index()), leaves);
        }
        Fused.Apply a = (Fused.Apply) t;
        List<Fused.Tree> args = new ArrayList<>();
        for (Fused.Tree arg : a.args()) {
            args.add(remap(arg, inputs, leaves));
        }
        return new Fused.Apply(a.op(), args);
    }

    private static Fused.Tree leaf(Node n, List<Node> leaves) {
        int index = leaves.indexOf(n);
        if (index < 0) {
            leaves.add(n);
            index = leaves.size() - 1;
        }
        return new Fused.Input(index);
    }
}
