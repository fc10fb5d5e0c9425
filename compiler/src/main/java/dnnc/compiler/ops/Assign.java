package dnnc.compiler.ops;

import dnnc.compiler.codegen.Lowering;
import dnnc.compiler.ir.GraphBuilder;
import dnnc.compiler.ir.Node;
import dnnc.compiler.ir.Shape;
import java.util.Collections;
import java.util.List;
import org.objectweb.asm.Label;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Overwrites a state parameter (input 0) with a new value (input 1) when the training flag (input 2) is
 * set: how batch normalization's running statistics move during training. The only op with an effect; it
 * is a root of the graph, computed at the end of a forward pass, and shares its target's buffer.
 */
public record Assign() implements Op {

    @Override
    public Shape shape(List<Shape> inputs) {
        if (!inputs.get(0).equals(inputs.get(1))) {
            throw new IllegalArgumentException("assign " + inputs.get(1) + " to " + inputs.get(0));
        }
        return inputs.get(0);
    }

    @Override
    public List<Node> vjp(GraphBuilder g, Node node, Node grad) {
        return Collections.nCopies(3, null);
    }

    @Override
    public double[] eval(Node node, double[][] in, int batch) {
        return in[2][0] != 0 ? in[1].clone() : in[0].clone();
    }

    @Override
    public boolean isPure() {
        return false;
    }

    @Override
    public void lower(Lowering l, Node node) {
        Label skip = new Label();
        l.loadBuffer(node.input(2));
        l.code().push(0);
        l.code().arrayLoad(Type.FLOAT_TYPE);
        l.code().visitInsn(Opcodes.FCONST_0);
        l.code().visitInsn(Opcodes.FCMPL);
        l.code().visitJumpInsn(Opcodes.IFEQ, skip);
        l.loadBuffer(node.input(1));
        l.code().push(0);
        l.loadBuffer(node.input(0));
        l.code().push(0);
        l.code().push(node.shape().size());
        l.code().visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/System", "arraycopy",
                "(Ljava/lang/Object;ILjava/lang/Object;II)V", false);
        l.code().visitLabel(skip);
    }

    @Override
    public String toString() {
        return "assign";
    }
}
