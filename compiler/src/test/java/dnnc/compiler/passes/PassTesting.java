package dnnc.compiler.passes;

import dnnc.compiler.ir.Graph;
import dnnc.compiler.ir.GraphBuilder;
import dnnc.compiler.ir.Node;
import dnnc.compiler.ir.Printer;
import dnnc.compiler.ir.Shape;
import dnnc.compiler.ops.Leaf;
import java.util.List;

/** A tiny graph around one expression, for before/expected tests of a pass. */
final class PassTesting {
    final GraphBuilder g = new GraphBuilder();
    final Node x = g.leaf(Leaf.Kind.INPUT, "x", Shape.batchOf(4));
    final Node w = g.leaf(Leaf.Kind.PARAM, "w", Shape.of(4));

    /** The graph whose only output is {@code root} (the loss is a stand-in). */
    Graph graph(Node... outputs) {
        List<Graph.Output> outs = new java.util.ArrayList<>();
        for (int i = 0; i < outputs.length; i++) {
            outs.add(new Graph.Output("o" + i, outputs[i]));
        }
        return new Graph(x, null, List.of(w), w, outs, List.of());
    }

    /** A graph over {@code input} and {@code params} with these outputs; its loss is the first one squared, summed. */
    static Graph squaredLossGraph(GraphBuilder g, Node input, List<Node> params, Node... outputs) {
        List<Graph.Output> outs = new java.util.ArrayList<>();
        for (int i = 0; i < outputs.length; i++) {
            outs.add(new Graph.Output("o" + i, outputs[i]));
        }
        return new Graph(input, null, params, g.sumAll(g.mul(outputs[0], outputs[0])), outs, List.of());
    }

    /** n values drawn from a standard normal distribution. */
    static double[] gaussian(java.util.Random random, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = random.nextGaussian();
        }
        return v;
    }

    static String print(Graph graph) {
        return Printer.print(graph.outputs().stream().map(Graph.Output::node).toList());
    }
}
