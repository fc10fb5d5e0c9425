package dnnc.compiler.codegen;

import dnnc.compiler.ir.Graph;
import dnnc.compiler.ir.GraphBuilder;
import dnnc.compiler.ir.Node;
import dnnc.compiler.ops.Alias;
import dnnc.compiler.ops.Assign;
import dnnc.compiler.ops.Elementwise;
import dnnc.compiler.ops.Leaf;
import dnnc.runtime.ModelSpec;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which buffer of the runtime's table holds each value. Parameters, the input and target, dropout masks,
 * constants that live in a buffer, and the roots (loss, outputs, gradients) keep a buffer of their own.
 * Every other value is computed into a buffer that is free at that point of a training step (forward, then
 * backward) and returns it after its last reader: values of the same size share buffers, so memory grows
 * with the widest point of the step rather than with the number of values. Predict runs a subsequence of
 * forward, so the same plan serves it. A reshape shares its input's buffer.
 */
public final class SlotPlan {
    private final Map<Node, Integer> slotOf = new HashMap<>();
    private final List<ModelSpec.Slot> slots = new ArrayList<>();
    private final Map<Node, Integer> constants = new LinkedHashMap<>();
    private final Map<ModelSpec.Slot, Deque<Integer>> free = new HashMap<>();
    private final List<Integer> flags = new ArrayList<>();

    public SlotPlan(Graph graph) {
        for (Node p : graph.params()) {
            assign(p);
        }
        assign(graph.input());
        if (graph.target() != null) {
            assign(graph.target());
        }
        List<Node> nodes = graph.nodes();
        for (Node n : nodes) {
            if (n.op() instanceof Leaf l && l.is(Leaf.Kind.NOISE)) {
                slotOf.put(n, slots.size());
                slots.add(new ModelSpec.Slot(n.shape().size(), n.shape().batched(), l.value()));
            } else if (n.op() instanceof Leaf l && l.is(Leaf.Kind.TRAINING)) {
                assign(n);
                flags.add(slotOf.get(n));
            } else if (n.op() instanceof Assign) {
                slotOf.put(n, slot(n.input(0)));   // writes into the state it updates
            }
            for (Node in : n.inputs()) {
                if (GraphBuilder.isConstant(in) && (n.op() instanceof Alias || !(n.op() instanceof Elementwise))) {
                    assignConstant(in);
                }
            }
        }
        Set<Node> roots = new HashSet<>();   // what the runtime reads after a step: kept in buffers of their own
        for (Node r : graph.roots()) {
            roots.add(owner(r));
        }
        for (Node r : roots) {
            if (GraphBuilder.isConstant(r)) {
                assignConstant(r);
            } else if (!(r.op() instanceof Leaf)) {
                assign(r);
            }
        }
        planTemporaries(Schedule.of(graph).trainingStep(), roots);
        for (Node n : nodes) {
            if (n.op() instanceof Alias) {
                slotOf.put(n, slot(n.input(0)));
            }
        }
    }

    /**
     * Buffers for the graph that evaluating and predicting run (see {@code SpecializeInference}), which shares
     * only leaves with the training graph: its loss and outputs go to the training graph's buffers for them,
     * where the runtime reads them, and its other values to buffers that training uses for temporaries (none of
     * which holds anything between steps). Returns false, planning nothing, when a root of the inference graph
     * is not a value of its own that can be computed into that buffer (an output that became the input, say).
     */
    public boolean planInference(Graph inference, List<Map.Entry<Node, Node>> trainingRoots) {
        Map<Node, Integer> rootSlots = new HashMap<>();
        for (Map.Entry<Node, Node> pair : trainingRoots) {
            Node owner = owner(pair.getKey());
            int slot = slot(pair.getValue());
            Integer other = rootSlots.put(owner, slot);
            if (owner.op() instanceof Leaf || slotOf.containsKey(owner) || (other != null && other != slot)) {
                return false;
            }
        }
        slotOf.putAll(rootSlots);
        List<Node> nodes = inference.nodes();
        for (Node n : nodes) {
            for (Node in : n.inputs()) {
                if (GraphBuilder.isConstant(in) && (n.op() instanceof Alias || !(n.op() instanceof Elementwise))) {
                    assignConstant(in);
                }
            }
        }
        planTemporaries(Schedule.of(inference).forward(), rootSlots.keySet());
        for (Node n : nodes) {
            if (n.op() instanceof Alias) {
                slotOf.put(n, slot(n.input(0)));
            }
        }
        return true;
    }

    /** Gives each computed value a free buffer of its size, and frees buffers after their last reader. */
    private void planTemporaries(List<Node> order, Set<Node> roots) {
        Map<Node, Integer> lastRead = new HashMap<>();
        for (int i = 0; i < order.size(); i++) {
            for (Node in : order.get(i).inputs()) {
                lastRead.put(owner(in), i);
            }
        }
        for (int i = 0; i < order.size(); i++) {
            Node n = order.get(i);
            if (!slotOf.containsKey(n)) {
                ModelSpec.Slot size = new ModelSpec.Slot(n.shape().size(), n.shape().batched());
                Deque<Integer> pool = free.get(size);
                if (pool != null && !pool.isEmpty()) {
                    slotOf.put(n, pool.pop());
                } else {
                    assign(n);
                }
            }
            for (Node in : n.inputs()) {
                Node owner = owner(in);
                Integer last = lastRead.get(owner);
                if (last != null && last == i && isTemporary(owner, roots)) {
                    free.computeIfAbsent(slots.get(slotOf.get(owner)), k -> new ArrayDeque<>()).push(slotOf.get(owner));
                    lastRead.remove(owner);   // an input read twice by this node is freed once
                }
            }
        }
    }

    /** The node whose buffer {@code n} is: itself, or what it aliases. */
    private static Node owner(Node n) {
        while (n.op() instanceof Alias) {
            n = n.input(0);
        }
        return n;
    }

    private boolean isTemporary(Node n, Set<Node> roots) {
        return !(n.op() instanceof Leaf) && !roots.contains(n) && !constants.containsKey(n);
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

    /** Buffers of the training flag, which forward sets to 1 when training and 0 otherwise, and predict to 0. */
    public List<Integer> trainingFlags() {
        return flags;
    }

    /** Constants that live in a buffer, which every entry point fills before it computes. */
    public Map<Node, Integer> constants() {
        return constants;
    }
}
