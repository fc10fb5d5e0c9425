package dnnc.compiler.codegen;

import dnnc.compiler.ir.Node;
import dnnc.compiler.ops.Elementwise;
import org.objectweb.asm.commons.GeneratorAdapter;

/** What an op's lowering may use: the method being written and the buffers of the graph's values. */
public interface Lowering {

    GeneratorAdapter code();

    /** Pushes the float[] buffer that holds {@code node}'s value. */
    void loadBuffer(Node node);

    /** Pushes an int count, multiplying by the batch size when it depends on it. */
    void pushExtent(Extent extent);

    /** Emits the loop nest of an elementwise op, with broadcasting of its inputs. */
    void elementwiseLoop(Node node, Elementwise op);

    /** Calls a static runtime kernel, e.g. ("dnnc/runtime/kernels/Gemm", "gemm", "(ZZIII[F[F[FZ)V"). */
    default void invokeKernel(String owner, String name, String descriptor) {
        code().visitMethodInsn(org.objectweb.asm.Opcodes.INVOKESTATIC, owner, name, descriptor, false);
    }
}
