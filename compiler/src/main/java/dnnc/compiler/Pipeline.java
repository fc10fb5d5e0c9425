package dnnc.compiler;

import dnnc.compiler.ast.Parser;
import dnnc.compiler.ast.Program;
import dnnc.compiler.autodiff.Autodiff;
import dnnc.compiler.check.CheckedModel;
import dnnc.compiler.check.Diagnostics;
import dnnc.compiler.check.ModelChecker;
import dnnc.compiler.check.SourceFile;
import dnnc.compiler.codegen.ModelClassWriter;
import dnnc.compiler.codegen.SlotPlan;
import dnnc.compiler.ir.Graph;
import dnnc.compiler.ir.GraphBuilder;
import dnnc.compiler.ir.Node;
import dnnc.compiler.ops.Conv2dPool;
import dnnc.compiler.ops.Leaf;
import dnnc.compiler.passes.CommonSubexpressions;
import dnnc.compiler.passes.ConstantFold;
import dnnc.compiler.passes.FuseConvBias;
import dnnc.compiler.passes.FuseConvPool;
import dnnc.compiler.passes.FuseDenseBias;
import dnnc.compiler.passes.FuseElementwise;
import dnnc.compiler.passes.FuseReluGradient;
import dnnc.compiler.passes.FusePoolRelu;
import dnnc.compiler.passes.FuseSumOfSquares;
import dnnc.compiler.passes.Pass;
import dnnc.compiler.passes.PoolBeforeRelu;
import dnnc.compiler.passes.Simplify;
import dnnc.compiler.passes.SpecializeInference;
import dnnc.runtime.ModelSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The compiler's phases in order. Each phase reports to one {@link Diagnostics}; the pipeline stops after
 * the first phase that reported an error.
 */
public final class Pipeline {
    public static final List<Pass> PASSES = List.of(new ConstantFold(), new Simplify(), new PoolBeforeRelu(),
            new CommonSubexpressions());

    /**
     * A compiled model: its description, its generated class, its graph with gradients as math (before
     * fusion, which only changes how it is computed; leaves are shared), the graph that was generated, and
     * the generated graph's buffer plan.
     */
    public record Compiled(ModelSpec spec, String className, byte[] classBytes, Graph graph, Graph generated,
                           SlotPlan slots) {
    }

    private Pipeline() {
    }

    /** Parse and check; null when errors were reported. */
    public static CheckedModel check(SourceFile file, Diagnostics diagnostics) {
        return check(file, diagnostics, new ModelChecker.Listener() { });
    }

    /** Parse and check, telling {@code listener} what the checker learns; null when errors were reported. */
    public static CheckedModel check(SourceFile file, Diagnostics diagnostics, ModelChecker.Listener listener) {
        Program program = Parser.parse(file, diagnostics);
        if (diagnostics.hasErrors()) {
            return null;
        }
        Path dir = Path.of(file.path()).toAbsolutePath().getParent();
        return new ModelChecker(diagnostics, dir).listener(listener).check(program);
    }

    /** The forward graph with its gradients, after every pass. */
    public static Graph differentiate(CheckedModel model) {
        Graph graph = optimize(model.graph());
        return optimize(Autodiff.differentiate(graph, new GraphBuilder()));
    }

    public static Graph optimize(Graph graph) {
        for (int round = 0; round < 2; round++) {
            for (Pass pass : PASSES) {
                graph = pass.run(graph);
            }
        }
        return graph;
    }

    /** After differentiation, in this order: what changes how the math is computed, not what. */
    private static final List<Pass> FUSIONS = List.of(new FuseConvBias(), new FuseDenseBias(), new FuseReluGradient(),
            new FusePoolRelu(), new FuseSumOfSquares(), new FuseElementwise());

    /** What changes how the math is computed, not what: ops merged into fewer passes over memory. */
    private static Graph fuse(Graph math) {
        Graph g = math;
        for (Pass pass : FUSIONS) {
            g = pass.run(g);
        }
        return g;
    }

    /** Everything after checking: gradients, passes, buffers and bytecode. */
    public static Compiled generate(CheckedModel model) {
        Graph math = differentiate(model);
        Graph graph = fuse(math);
        SlotPlan slots = new SlotPlan(graph);
        Graph inference = inference(math, graph, slots);
        ModelSpec spec = spec(model, graph, slots);
        ModelClassWriter writer = new ModelClassWriter(graph, inference, slots, model.name());
        return new Compiled(spec, writer.className(), writer.write(spec.toText()), math, graph, slots);
    }

    /**
     * The graph that evaluating and predicting run, specialized so that batch statistics and dropout masks
     * cost nothing there and convolutions are pooled as they are computed ({@link FuseConvPool}), with its
     * buffers planned in {@code slots}; null when it would compute the same as training's forward pass, or when
     * its roots cannot be planned (forward then serves both).
     */
    private static Graph inference(Graph math, Graph generated, SlotPlan slots) {
        Graph inference = new FuseConvPool().run(fuse(optimize(new SpecializeInference().run(math))));
        boolean pooled = inference.nodes().stream().anyMatch(n -> n.op() instanceof Conv2dPool);
        if (!SpecializeInference.applies(math) && !pooled) {
            return null;
        }
        return slots.planInference(inference, SpecializeInference.rootsOf(inference, generated)) ? inference : null;
    }

    /** Compile a source file; null when errors were reported. */
    public static Compiled compile(SourceFile file, Diagnostics diagnostics) {
        CheckedModel model = check(file, diagnostics);
        return model == null ? null : generate(model);
    }

    static ModelSpec spec(CheckedModel model, Graph graph, SlotPlan slots) {
        Node input = graph.input();
        Node target = graph.target();
        ModelSpec.Tensor in = new ModelSpec.Tensor(leafName(input), slots.slot(input), input.shape().dims());
        ModelSpec.Target tgt = new ModelSpec.Target(leafName(target), slots.slot(target), model.hasLabels(),
                model.labelClasses(), target.shape().dims());
        List<ModelSpec.Tensor> outputs = new ArrayList<>();
        for (Graph.Output o : graph.outputs()) {
            outputs.add(new ModelSpec.Tensor(o.name(), slots.slot(o.node()), o.node().shape().dims()));
        }
        List<ModelSpec.Param> params = new ArrayList<>();
        for (int i = 0; i < graph.params().size(); i++) {
            Node p = graph.params().get(i);
            params.add(new ModelSpec.Param(leafName(p), slots.slot(p), slots.slot(graph.grads().get(i)),
                    p.shape().dims(), model.inits().get(i), ((Leaf) p.op()).is(Leaf.Kind.PARAM)));
        }
        return new ModelSpec(model.name(), slots.slots(), in, tgt, outputs, slots.slot(graph.loss()), params,
                model.train(), model.data());
    }

    private static String leafName(Node n) {
        return ((Leaf) n.op()).name();
    }
}
