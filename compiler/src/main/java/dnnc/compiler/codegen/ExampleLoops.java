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
 * both cores run them: each node's method asks {@code Parallel.splits(n, size)}, and if so calls
 * {@code Parallel.shareExamples(INSTANCE, task, b, n)}, and the runtime calls back
 * {@code range(task, b, n, from, to)}, which dispatches to the node's range method; if not, it calls its range
 * method itself.
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
     * Emits the code that runs node's loop on up to two threads, and registers the node as a task:
     * {@code if (Parallel.splits(count, size)) Parallel.shareExamples(INSTANCE, task, b, count);
     * else vN$range(b, count, 0, count)}. A batched loop is split by examples (count is n); an unbatched one by
     * the {@code outerCount} indices of its outermost loop. The loop the caller runs alone is a direct static
     * call, not a trip through the runtime's call back and the switch over every loop (a one-example prediction
     * runs all its loops this way). A model jar's relaunched JVM keeps C2 from inlining {@code vN$range} methods
     * (see the runtime's {@code Launcher.COMPILER_DEFAULTS}: inlined, the switch pulled in every loop); elsewhere
     * C2 inlines the call where it is used.
     */
    void callSplit(GeneratorAdapter code, Node node, int outerCount) {
        boolean batched = node.shape().batched();
        int perItem = batched ? node.shape().size() : node.shape().size() / outerCount;
        Label alone = code.newLabel();
        Label done = code.newLabel();
        pushCount(code, batched, outerCount);
        code.push(perItem);
        code.visitMethodInsn(Opcodes.INVOKESTATIC, PARALLEL, "splits", "(II)Z", false);
        code.ifZCmp(GeneratorAdapter.EQ, alone);
        code.getStatic(Type.getObjectType(owner), "INSTANCE", Type.getObjectType(owner));
        code.push(loops.size());
        code.loadArg(0);
        pushCount(code, batched, outerCount);
        code.visitMethodInsn(Opcodes.INVOKESTATIC, PARALLEL, "shareExamples", "(L" + BODY + ";I[[FI)V", false);
        code.goTo(done);
        code.mark(alone);
        code.loadArg(0);
        pushCount(code, batched, outerCount);
        code.push(0);
        pushCount(code, batched, outerCount);
        code.invokeStatic(Type.getObjectType(owner), new Method(rangeMethod(node), RANGE_DESC));
        code.mark(done);
        loops.add(node);
    }

    /** The number of items a split loop runs over: the batch size n (argument 1), or the outermost count. */
    private static void pushCount(GeneratorAdapter code, boolean batched, int outerCount) {
        if (batched) {
            code.loadArg(1);
        } else {
            code.push(outerCount);
        }
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
