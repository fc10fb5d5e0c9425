package dnnc.compiler.ir;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * IR as text, one node a line, numbered from 0 in order so that equal graphs print equally:
 * {@code %3 = add(%1, %2) : [B, 10]}. Constants print inline.
 */
public final class Printer {
    private Printer() {
    }

    public static String print(List<Node> roots) {
        Map<Node, String> names = new HashMap<>();
        StringBuilder s = new StringBuilder();
        for (Node n : Graph.reachable(roots)) {
            if (GraphBuilder.isConstant(n)) {
                names.put(n, n.op().toString());
                continue;
            }
            String name = "%" + names.size();
            names.put(n, name);
            s.append(name).append(" = ").append(n.op());
            if (!n.inputs().isEmpty()) {
                s.append('(');
                for (int i = 0; i < n.inputs().size(); i++) {
                    s.append(i == 0 ? "" : ", ").append(names.get(n.input(i)));
                }
                s.append(')');
            }
            s.append(" : ").append(n.shape()).append('\n');
        }
        s.append("return");
        for (Node r : roots) {
            s.append(' ').append(names.get(r));
        }
        return s.append('\n').toString();
    }
}
