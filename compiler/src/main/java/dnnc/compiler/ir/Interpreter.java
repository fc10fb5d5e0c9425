package dnnc.compiler.ir;

import dnnc.compiler.ops.Leaf;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluates IR in double precision, op by op, from each op's reference semantics. It is the independent
 * yardstick for the generated code and, with finite differences, for the gradient rules.
 */
public final class Interpreter {
    private final Map<Node, double[]> values = new HashMap<>();
    private final int batch;

    /** {@code leaves} gives the value of every input, target and parameter leaf that the roots reach. */
    public Interpreter(Map<Node, double[]> leaves, int batch) {
        this.values.putAll(leaves);
        this.batch = batch;
    }

    public double[] eval(Node root) {
        for (Node n : Graph.reachable(List.of(root))) {
            if (values.containsKey(n)) {
                continue;
            }
            if (n.op() instanceof Leaf l && !l.isPure()) {
                throw new IllegalArgumentException("no value given for " + l);
            }
            double[][] in = new double[n.inputs().size()][];
            for (int i = 0; i < in.length; i++) {
                in[i] = values.get(n.input(i));
            }
            values.put(n, n.op().eval(n, in, batch));
        }
        return values.get(root);
    }

    public static Map<Node, double[]> newLeafMap() {
        return new HashMap<>();
    }
}
