package dnnc.compiler.ir;

import dnnc.compiler.ops.Op;
import java.util.List;

/**
 * One value of the graph: an op applied to earlier nodes. Nodes are immutable and compared by identity
 * ({@code id} is unique within a graph builder), so a graph is a DAG that shares subexpressions.
 */
public record Node(int id, Op op, List<Node> inputs, Shape shape) {

    public Node {
        inputs = List.copyOf(inputs);
    }

    public Node input(int i) {
        return inputs.get(i);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Node n && n.id == id;
    }

    @Override
    public int hashCode() {
        return Integer.hashCode(id);
    }

    @Override
    public String toString() {
        return "%" + id + " = " + op + (inputs.isEmpty() ? "" : inputs.stream().map(n -> "%" + n.id).toList().toString())
                + " : " + shape;
    }
}
