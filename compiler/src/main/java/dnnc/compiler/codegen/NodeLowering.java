package dnnc.compiler.codegen;

import dnnc.compiler.ir.Node;
import dnnc.compiler.ops.Elementwise;
import dnnc.runtime.kernels.Parallel;
import org.objectweb.asm.Type;
import org.objectweb.asm.commons.GeneratorAdapter;

/**
 * The {@link Lowering} of one node's method, {@code static void vN(float[][] b, int n)}: buffers are
 * {@code b[slot]}, and extents that depend on the batch multiply by {@code n}. An element loop over a batch is
 * handed to {@code Parallel} (see {@link ExampleLoops}), which calls back the loop itself, written by a range lowering as
 * {@code static void vN$range(float[][] b, int n, int from, int to)} over examples [from, to); so is a loop over
 * a large unbatched tensor, whose range method runs over its outermost loop's indices [from, to).
 */
final class NodeLowering implements Lowering {
    private final GeneratorAdapter code;
    private final SlotPlan slots;
    /** Null when writing a range method; else where to register loops split by examples. */
    private final ExampleLoops split;

    NodeLowering(GeneratorAdapter code, SlotPlan slots, ExampleLoops split) {
        this.code = code;
        this.slots = slots;
        this.split = split;
    }

    /** The lowering of a loop's range method: the element loop runs over examples from arg 2 to arg 3. */
    static NodeLowering range(GeneratorAdapter code, SlotPlan slots) {
        return new NodeLowering(code, slots, null);
    }

    @Override
    public GeneratorAdapter code() {
        return code;
    }

    @Override
    public void loadBuffer(Node node) {
        code.loadArg(0);
        code.push(slots.slot(node));
        code.arrayLoad(Type.getType(float[].class));
    }

    @Override
    public void pushExtent(Extent extent) {
        code.push(extent.factor());
        if (extent.perExample()) {
            code.loadArg(1);
            if (extent.factor() != 1) {
                code.math(GeneratorAdapter.MUL, Type.INT_TYPE);
            } else {
                code.swap();
                code.pop();
            }
        }
    }

    @Override
    public void elementwiseLoop(Node node, Elementwise op) {
        ElementLoop loop = new ElementLoop(this, node, op, split == null);
        if (split != null && (node.shape().batched() || node.shape().size() >= Parallel.MIN_ELEMENTS)) {
            // A loop over a large parameter (an L2 penalty's gradient) is split by its outermost index.
            split.callSplit(code, node, loop.outerCount());
        } else {
            loop.emit();
        }
    }
}
