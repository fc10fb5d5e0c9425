package dnnc.compiler.codegen;

import dnnc.compiler.ir.Node;
import dnnc.compiler.ops.Elementwise;
import org.objectweb.asm.Type;
import org.objectweb.asm.commons.GeneratorAdapter;

/**
 * The {@link Lowering} of one node's method, {@code static void vN(float[][] b, int n)}: buffers are
 * {@code b[slot]}, and extents that depend on the batch multiply by {@code n}.
 */
final class NodeLowering implements Lowering {
    private final GeneratorAdapter code;
    private final SlotPlan slots;

    NodeLowering(GeneratorAdapter code, SlotPlan slots) {
        this.code = code;
        this.slots = slots;
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
        new ElementLoop(this, node, op).emit();
    }
}
