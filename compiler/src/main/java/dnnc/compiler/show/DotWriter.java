package dnnc.compiler.show;

import dnnc.compiler.ir.Graph;
import dnnc.compiler.ir.Node;
import dnnc.compiler.ops.Leaf;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The graph in Graphviz DOT: one box per value, labelled with its op and shape; inputs, targets and
 * parameters as ellipses, constants inline in their users' labels. Roots are marked with their role (loss,
 * output name, d(param)). Render with {@code dot -Tsvg}.
 */
public final class DotWriter {
    private DotWriter() {
    }

    public static String write(Graph graph, boolean withGradients, String title) {
        List<Node> roots = new ArrayList<>();
        Map<Node, String> roles = new HashMap<>();
        roots.add(graph.loss());
        roles.put(graph.loss(), "loss");
        for (Graph.Output o : graph.outputs()) {
            roots.add(o.node());
            roles.merge(o.node(), "output " + o.name(), (a, b) -> a + ", " + b);
        }
        if (withGradients) {
            for (int i = 0; i < graph.grads().size(); i++) {
                Node gr = graph.grads().get(i);
                roots.add(gr);
                roles.merge(gr, "d(" + ((Leaf) graph.params().get(i).op()).name() + ")", (a, b) -> a + ", " + b);
            }
        }
        StringBuilder s = new StringBuilder("digraph \"" + escape(title) + "\" {\n");
        s.append("  rankdir=TB;\n  node [shape=box, fontname=\"Helvetica\", fontsize=10];\n");
        for (Node n : Graph.reachable(roots)) {
            if (isConstant(n)) {
                continue;
            }
            StringBuilder label = new StringBuilder(n.op() instanceof Leaf l ? l.name().isEmpty() ? l.toString()
                    : l.name() : n.op().toString());
            List<String> consts = new ArrayList<>();
            for (Node in : n.inputs()) {
                if (isConstant(in)) {
                    consts.add(in.op().toString());
                }
            }
            if (!consts.isEmpty()) {
                label.append(" ").append(consts);
            }
            label.append("\\n").append(n.shape());
            String role = roles.get(n);
            if (role != null) {
                label.append("\\n").append(role);
            }
            String style = n.op() instanceof Leaf l ? l.is(Leaf.Kind.PARAM)
                    ? ", shape=ellipse, style=filled, fillcolor=\"#ffe8a8\"" : ", shape=ellipse"
                    : role != null ? ", style=filled, fillcolor=\"#d8ecff\"" : "";
            s.append("  n").append(n.id()).append(" [label=\"").append(escape(label.toString()).replace("\\\\n", "\\n"))
                    .append('"').append(style).append("];\n");
            for (Node in : n.inputs()) {
                if (!isConstant(in)) {
                    s.append("  n").append(in.id()).append(" -> n").append(n.id()).append(";\n");
                }
            }
        }
        return s.append("}\n").toString();
    }

    private static boolean isConstant(Node n) {
        return n.op() instanceof Leaf l && l.is(Leaf.Kind.CONST);
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
