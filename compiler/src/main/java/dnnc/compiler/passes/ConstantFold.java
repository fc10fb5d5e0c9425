package dnnc.compiler.passes;

import dnnc.compiler.ir.Graph;
import dnnc.compiler.ir.GraphBuilder;
import dnnc.compiler.ir.Node;

/**
 * Computes at compile time what depends only on constants: an elementwise op on scalar constants becomes a
 * constant ({@link GraphBuilder#node} folds as it rebuilds), so {@code 2 * (1 - 0.5)} costs nothing at run time.
 */
public final class ConstantFold implements Pass {
    @Override
    public String name() {
        return "constant-fold";
    }

    @Override
    public Graph run(Graph graph) {
        return Rewriter.rewrite(graph, (g, node, inputs) -> {
            boolean allConstant = !inputs.isEmpty() && inputs.stream().allMatch(GraphBuilder::isConstant);
            return allConstant ? g.node(node.op(), inputs.toArray(Node[]::new)) : Rewriter.rebuild(g, node, inputs);
        });
    }
}
