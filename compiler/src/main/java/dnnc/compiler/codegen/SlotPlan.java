package dnnc.compiler.codegen;

import dnnc.compiler.ir.Graph;
import dnnc.compiler.ir.GraphBuilder;
import dnnc.compiler.ir.Node;
import dnnc.compiler.ops.Alias;
import dnnc.compiler.ops.Elementwise;
import dnnc.compiler.ops.Leaf;
import dnnc.runtime.ModelSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which buffer of the runtime's table holds each value: parameters first, then the input and target, then
 * every computed value. A reshape shares its input's buffer. Constants read by element loops are pushed
 * inline and need none; a constant that a kernel reads, or that is a root, gets a one-element buffer.
 */
public final class SlotPlan {
    private final Map<Node, Integer> slotOf = new HashMap<>();
    private final List<ModelSpec.Slot> slots = new ArrayList<>();
    private final Map<Node, Integer> constants = new LinkedHashMap<>();

    public SlotPlan(Graph graph) {
        for (Node p : graph.params()) {
            assign(p);
        }
        assign(graph.input());
        if (graph.target() != null) {
            assign(graph.target());
        }
        List<Node> roots = graph.roots();
        for (Node n : graph.nodes()) {
            if (n.op() instanceof Alias) {
                if (GraphBuilder.isConstant(n.input(0))) {
                    assignConstant(n.input(0));
                }
                slotOf.put(n, slot(n.input(0)));
            } else if (n.op() instanceof Leaf l && l.is(Leaf.Kind.NOISE)) {
                slotOf.put(n, slots.size());
                slots.add(new ModelSpec.Slot(n.shape().size(), n.shape().batched(), l.value()));
            } else if (!(n.op() instanceof Leaf)) {
                assign(n);
                for (Node in : n.inputs()) {
                    if (GraphBuilder.isConstant(in) && !(n.op() instanceof Elementwise)) {
                        assignConstant(in);
                    }
                }
            }
        }
        for (Node r : roots) {
            if (GraphBuilder.isConstant(r)) {
                assignConstant(r);
            }
        }
    }

    private void assign(Node n) {
        if (!slotOf.containsKey(n)) {
            slotOf.put(n, slots.size());
            slots.add(new ModelSpec.Slot(n.shape().size(), n.shape().batched()));
        }
    }

    private void assignConstant(Node n) {
        if (!slotOf.containsKey(n)) {
            assign(n);
            constants.put(n, slotOf.get(n));
        }
    }

    public boolean has(Node n) {
        return slotOf.containsKey(n);
    }

    public int slot(Node n) {
        Integer s = slotOf.get(n);
        if (s == null) {
            throw new IllegalStateException("no buffer for " + n);
        }
        return s;
    }

    public List<ModelSpec.Slot> slots() {
        return List.copyOf(slots);
    }

    /** Constants that live in a buffer, which every entry point fills before it computes. */
    public Map<Node, Integer> constants() {
        return constants;
    }
}
