package dnnc.compiler.ops;

import dnnc.compiler.ir.GraphBuilder;
import dnnc.compiler.ir.Node;
import dnnc.compiler.ir.Shape;
import java.util.List;
import java.util.function.IntConsumer;
import org.objectweb.asm.commons.GeneratorAdapter;

/**
 * A chain of elementwise ops computed in one loop: {@code tree} says what to compute for each element from
 * the node's inputs, so intermediate values never go to memory. Made by the fusion pass after the gradients
 * are derived, so it has no gradient rule of its own.
 */
public record Fused(Tree tree, Shape out) implements Elementwise {

    /** The expression of one element. */
    public sealed interface Tree {
    }

    /** The node's input number {@code index}, read at this element (broadcast like any elementwise input). */
    public record Input(int index) implements Tree {
    }

    /** An elementwise op applied to sub-expressions. */
    public record Apply(Elementwise op, List<Tree> args) implements Tree {
    }

    @Override
    public Shape shape(List<Shape> inputs) {
        return out;
    }

    @Override
    public List<Node> vjp(GraphBuilder g, Node node, Node grad) {
        throw new UnsupportedOperationException("fusion runs after differentiation");
    }

    @Override
    public double apply(double[] args) {
        return evaluate(tree, args);
    }

    private static double evaluate(Tree t, double[] inputs) {
        if (t instanceof Input in) {
            return inputs[in.index()];
        }
        Apply a = (Apply) t;
        double[] values = new double[a.args().size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = evaluate(a.args().get(i), inputs);
        }
        return a.op().apply(values);
    }

    @Override
    public void emit(GeneratorAdapter code) {
        throw new UnsupportedOperationException("a fused loop is emitted with emitTree");
    }

    /** Emits the tree; {@code pushInput} pushes input k's element as a float. Leaves one float. */
    public void emitTree(GeneratorAdapter code, IntConsumer pushInput) {
        emit(tree, code, pushInput);
    }

    private static void emit(Tree t, GeneratorAdapter code, IntConsumer pushInput) {
        if (t instanceof Input in) {
            pushInput.accept(in.index());
            return;
        }
        Apply a = (Apply) t;
        for (Tree arg : a.args()) {
            emit(arg, code, pushInput);
        }
        a.op().emit(code);
    }

    @Override
    public String toString() {
        return "fused{" + text(tree) + "}";
    }

    private static String text(Tree t) {
        if (t instanceof Input in) {
            return "$" + in.index();
        }
        Apply a = (Apply) t;
        return a.op() + a.args().stream().map(Fused::text).toList().toString().replace("[", "(").replace("]", ")");
    }
}
