package dnnc.compiler.codegen;

import dnnc.compiler.ir.GraphBuilder;
import dnnc.compiler.ir.Node;
import dnnc.compiler.ir.Shape;
import dnnc.compiler.ops.Broadcasting;
import dnnc.compiler.ops.Elementwise;
import dnnc.compiler.ops.Fused;
import dnnc.compiler.ops.Leaf;
import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.Label;
import org.objectweb.asm.Type;
import org.objectweb.asm.commons.GeneratorAdapter;

/**
 * The loop nest of an elementwise op: {@code out[o] = f(a[ia], b[ib], ...)} over the result's elements, with
 * broadcast operands read through strides (0 along a repeated dim). Adjacent dims that every operand walks
 * the same way are merged first, so a plain same-shape op is one flat loop and a bias add is two.
 */
final class ElementLoop {
    private static final Type FLOATS = Type.getType(float[].class);

    private final GeneratorAdapter code;
    private final NodeLowering lowering;
    private final Node node;
    private final Elementwise op;
    /**
     * Whether the outermost loop runs over examples [arg 2, arg 3) rather than all n, or for an unbatched
     * result over its own indices [arg 2, arg 3) (see NodeLowering).
     */
    private final boolean ranged;

    /** Loop extents after merging, outermost first; strides[t][d] for tensor t (0 = the result). */
    private final List<Extent> extents = new ArrayList<>();
    private final List<int[]> strides = new ArrayList<>();
    private final List<Node> tensors = new ArrayList<>();
    private int[] arrayLocals;
    /**
     * For each tensor, the float local holding its value when the innermost loop does not move through it (a
     * scalar or a broadcast row value), or -1. Loaded once before that loop: read inside it, the load could not
     * be moved out by the JIT (the result array might be the same array), which also kept the loop from being
     * vectorized (an L2 penalty's gradient, c*w + c*w + g: three times slower).
     */
    private int[] hoisted;
    /** For each input, its index in {@code tensors} (inputs that are constants have none). */
    private int[] tensorOf;

    ElementLoop(NodeLowering lowering, Node node, Elementwise op, boolean ranged) {
        this.lowering = lowering;
        this.code = lowering.code();
        this.node = node;
        this.op = op;
        this.ranged = ranged;
        plan();
    }

    private void plan() {
        Shape out = node.shape();
        tensors.add(node);
        tensorOf = new int[node.inputs().size()];
        for (int k = 0; k < node.inputs().size(); k++) {
            Node in = node.input(k);
            if (!(in.op() instanceof Leaf l && l.isPure())) {
                tensorOf[k] = tensors.size();
                tensors.add(in);
            }
        }
        // Strides do not depend on the batch size (only the outermost extent does). The stand-in batch must
        // not be 1, or an unbatched operand would look as if it had a batch axis of its own.
        int standIn = 2;
        int[] dims = out.fullDims(standIn);
        List<int[]> raw = new ArrayList<>();
        for (Node t : tensors) {
            raw.add(Broadcasting.strides(t.shape(), out, standIn));
        }
        List<Integer> merged = new ArrayList<>();
        for (int d = 0; d < dims.length; d++) {
            boolean batchAxis = out.batched() && d == 0;
            Extent e = new Extent(batchAxis ? 1 : dims[d], batchAxis);
            if (!extents.isEmpty() && canMerge(raw, merged.get(merged.size() - 1), d, dims)) {
                int last = extents.size() - 1;
                extents.set(last, new Extent(extents.get(last).factor() * dims[d], extents.get(last).perExample()));
                merged.set(merged.size() - 1, d);
            } else {
                extents.add(e);
                merged.add(d);
            }
        }
        for (int[] r : raw) {
            int[] s = new int[merged.size()];
            for (int i = 0; i < s.length; i++) {
                s[i] = r[merged.get(i)];
            }
            strides.add(s);
        }
        if (extents.isEmpty()) {   // a scalar: one element
            extents.add(Extent.of(1));
            for (int t = 0; t < strides.size(); t++) {
                strides.set(t, new int[] {0});
            }
        }
    }

    /** Dim d continues the run ending at dim prev when every tensor steps through both alike. */
    private static boolean canMerge(List<int[]> raw, int prev, int d, int[] dims) {
        for (int[] s : raw) {
            if (s[prev] != s[d] * dims[d]) {
                return false;
            }
        }
        return true;
    }

    /** The number of iterations of the outermost loop of an unbatched result. */
    int outerCount() {
        return extents.get(0).factor();
    }

    void emit() {
        arrayLocals = new int[tensors.size()];
        for (int t = 0; t < tensors.size(); t++) {
            arrayLocals[t] = code.newLocal(FLOATS);
            lowering.loadBuffer(tensors.get(t));
            code.storeLocal(arrayLocals[t]);
        }
        int[] base = new int[tensors.size()];
        for (int t = 0; t < base.length; t++) {
            base[t] = code.newLocal(Type.INT_TYPE);
            code.push(0);
            code.storeLocal(base[t]);
        }
        emitLevel(0, base);
    }

    private void emitLevel(int level, int[] base) {
        int i = code.newLocal(Type.INT_TYPE);
        int limit = code.newLocal(Type.INT_TYPE);
        Extent extent = extents.get(level);
        if (ranged && extent.perExample()) {   // only the outermost extent counts examples
            pushExampleBound(extent, 3);
            code.storeLocal(limit);
            pushExampleBound(extent, 2);
        } else if (ranged && level == 0 && !node.shape().batched()) {
            code.loadArg(3);
            code.storeLocal(limit);
            code.loadArg(2);
        } else {
            lowering.pushExtent(extent);
            code.storeLocal(limit);
            code.push(0);
        }
        code.storeLocal(i);
        if (level == extents.size() - 1) {
            hoistInvariants(level, base);
        }
        Label test = code.newLabel();
        Label end = code.newLabel();
        code.mark(test);
        code.loadLocal(i);
        code.loadLocal(limit);
        code.ifICmp(GeneratorAdapter.GE, end);
        if (level == extents.size() - 1) {
            emitElement(level, i, base);
        } else {
            int[] inner = new int[base.length];
            for (int t = 0; t < base.length; t++) {
                inner[t] = code.newLocal(Type.INT_TYPE);
                pushIndex(t, level, i, base);
                code.storeLocal(inner[t]);
            }
            emitLevel(level + 1, inner);
        }
        code.iinc(i, 1);
        code.goTo(test);
        code.mark(end);
    }

    /** Loads, before the innermost loop, every input that it reads at one place (see {@link #hoisted}). */
    private void hoistInvariants(int level, int[] base) {
        hoisted = new int[tensors.size()];
        java.util.Arrays.fill(hoisted, -1);
        for (int t = 1; t < tensors.size(); t++) {
            if (strides.get(t)[level] == 0) {
                hoisted[t] = code.newLocal(Type.FLOAT_TYPE);
                code.loadLocal(arrayLocals[t]);
                code.loadLocal(base[t]);
                code.arrayLoad(Type.FLOAT_TYPE);
                code.storeLocal(hoisted[t]);
            }
        }
    }

    /** Pushes factor * (the example number in argument arg). */
    private void pushExampleBound(Extent extent, int arg) {
        code.loadArg(arg);
        if (extent.factor() != 1) {
            code.push(extent.factor());
            code.math(GeneratorAdapter.MUL, Type.INT_TYPE);
        }
    }

    /** Pushes base[t] + i * stride of tensor t at this level. */
    private void pushIndex(int t, int level, int i, int[] base) {
        code.loadLocal(base[t]);
        int stride = strides.get(t)[level];
        if (stride != 0) {
            code.loadLocal(i);
            if (stride != 1) {
                code.push(stride);
                code.math(GeneratorAdapter.MUL, Type.INT_TYPE);
            }
            code.math(GeneratorAdapter.ADD, Type.INT_TYPE);
        }
    }

    private void emitElement(int level, int i, int[] base) {
        code.loadLocal(arrayLocals[0]);
        pushIndex(0, level, i, base);
        if (op instanceof Fused fused) {
            fused.emitTree(code, k -> pushInput(k, level, i, base));
        } else {
            for (int k = 0; k < node.inputs().size(); k++) {
                pushInput(k, level, i, base);
            }
            op.emit(code);
        }
        code.arrayStore(Type.FLOAT_TYPE);
    }

    /** Pushes input k's value at this element: a constant, the batch size, or a load through its strides. */
    private void pushInput(int k, int level, int i, int[] base) {
        Node in = node.input(k);
        if (in.op() instanceof Leaf l && l.is(Leaf.Kind.CONST)) {
            code.push((float) GraphBuilder.constantValue(in));
        } else if (in.op() instanceof Leaf l && l.is(Leaf.Kind.BATCH_SIZE)) {
            code.loadArg(1);
            code.visitInsn(org.objectweb.asm.Opcodes.I2F);
        } else {
            int t = tensorOf[k];
            if (hoisted[t] >= 0) {
                code.loadLocal(hoisted[t]);
                return;
            }
            code.loadLocal(arrayLocals[t]);
            pushIndex(t, level, i, base);
            code.arrayLoad(Type.FLOAT_TYPE);
        }
    }
}
