package dnnc.compiler.codegen;

import dnnc.compiler.ir.Node;
import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.Label;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.commons.GeneratorAdapter;
import org.objectweb.asm.commons.Method;

/**
 * The element loops over a batch that the generated class hands to the runtime's {@code Parallel}, so that
 * both cores run them: each node's method calls {@code Parallel.forExamples(INSTANCE, task, b, n, size)}, and
 * the runtime calls back {@code range(task, b, n, from, to)}, which dispatches to the node's range method.
 */
final class ExampleLoops {
    static final String PARALLEL = "dnnc/runtime/kernels/Parallel";
    static final String BODY = PARALLEL + "$Body";
    static final String RANGE_DESC = "([[FIII)V";

    private final String owner;
    private final List<Node> loops = new ArrayList<>();

    ExampleLoops(String owner) {
        this.owner = owner;
    }

    /** The loops registered so far, in task order. */
    List<Node> loops() {
        return loops;
    }

    static String rangeMethod(Node n) {
        return ModelClassWriter.methodName(n) + "$range";
    }

    /**
     * Emits the call that runs node's loop on up to two threads, and registers the node as a task. A batched
     * loop is split by examples; an unbatched one by the {@code outerCount} indices of its outermost loop.
     */
    void callSplit(GeneratorAdapter code, Node node, int outerCount) {
        code.getStatic(Type.getObjectType(owner), "INSTANCE", Type.getObjectType(owner));
        code.push(loops.size());
        code.loadArg(0);
        if (node.shape().batched()) {
            code.loadArg(1);
            code.push(node.shape().size());
        } else {
            code.push(outerCount);
            code.push(node.shape().size() / outerCount);
        }
        code.visitMethodInsn(Opcodes.INVOKESTATIC, PARALLEL, "forExamples", "(L" + BODY + ";I[[FII)V", false);
        loops.add(node);
    }

    /** {@code public void range(int task, float[][] b, int n, int from, int to)}: a switch over the tasks. */
    void writeDispatch(GeneratorAdapter m) {
        if (loops.isEmpty()) {
            m.throwException(Type.getType(IllegalArgumentException.class), "no element loops");
            m.endMethod();
            return;
        }
        Label[] cases = new Label[loops.size()];
        for (int i = 0; i < cases.length; i++) {
            cases[i] = m.newLabel();
        }
        Label unknown = m.newLabel();
        m.loadArg(0);
        m.visitTableSwitchInsn(0, cases.length - 1, unknown, cases);
        for (int i = 0; i < cases.length; i++) {
            m.mark(cases[i]);
            for (int arg = 1; arg <= 4; arg++) {
                m.loadArg(arg);
            }
            m.invokeStatic(Type.getObjectType(owner), new Method(rangeMethod(loops.get(i)), RANGE_DESC));
            m.returnValue();
        }
        m.mark(unknown);
        m.throwException(Type.getType(IllegalArgumentException.class), "no such element loop");
        m.endMethod();
    }
}
