package dnnc.compiler.check;

import dnnc.compiler.ast.Expr;
import dnnc.compiler.ast.FnDef;
import dnnc.compiler.ast.Ident;
import dnnc.compiler.ast.Member;
import dnnc.compiler.ast.ModelDef;
import dnnc.compiler.ast.Program;
import dnnc.compiler.ast.Span;
import dnnc.compiler.ast.TensorType;
import dnnc.compiler.ir.Graph;
import dnnc.compiler.ir.GraphBuilder;
import dnnc.compiler.ir.Node;
import dnnc.compiler.ir.Shape;
import dnnc.compiler.ops.Builtins;
import dnnc.compiler.ops.Leaf;
import dnnc.runtime.ModelSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks a program's model and builds its forward graph: declarations in order, names resolved, shapes
 * computed and checked. The loss is evaluated last, so that {@code params} means every parameter.
 */
public final class ModelChecker implements CallSite.ParamFactory {
    private final Diagnostics diagnostics;
    private final Path baseDir;
    private final GraphBuilder graph = new GraphBuilder();
    private final Map<String, Value> scope = new LinkedHashMap<>();
    private final Map<String, Span> definedAt = new HashMap<>();
    private final List<Node> params = new ArrayList<>();
    private final List<ModelSpec.Init> inits = new ArrayList<>();
    private final Map<String, Integer> layerCounts = new HashMap<>();
    private final Map<String, FnDef> functions = new LinkedHashMap<>();
    private Evaluator evaluator;

    private Node input;
    private Node target;
    private int labelClasses;
    private final List<Graph.Output> outputs = new ArrayList<>();
    private final List<Node> updates = new ArrayList<>();

    /** {@code baseDir} is where relative data paths are resolved: the .dnn file's folder. */
    public ModelChecker(Diagnostics diagnostics, Path baseDir) {
        this.diagnostics = diagnostics;
        this.baseDir = baseDir;
    }

    /** The checked model, or null when errors were reported. */
    public CheckedModel check(Program program) {
        if (program.models().isEmpty()) {
            diagnostics.error(new Span(1, 1, 1, 1), "this file has no model",
                    "help: declare one: model Name { input x: float[4] ... }");
            return null;
        }
        for (int i = 1; i < program.models().size(); i++) {
            diagnostics.error(program.models().get(i).name().span(), "only one model per file is allowed",
                    "note: the first is `" + program.models().get(0).name().name() + "`");
        }
        declareFunctions(program.functions());
        evaluator = new Evaluator(graph, diagnostics, this, functions);
        ModelDef model = program.models().get(0);
        Member.Loss loss = null;
        SettingsChecker settings = new SettingsChecker(diagnostics, evaluator, baseDir);
        for (Member m : model.members()) {
            if (m instanceof Member.Input in) {
                declareInput(in);
            } else if (m instanceof Member.Target t) {
                declareTarget(t);
            } else if (m instanceof Member.Param p) {
                declareParam(p);
            } else if (m instanceof Member.Let let) {
                bind(let.binding().name(), evaluator.eval(let.binding().value(), scope));
            } else if (m instanceof Member.Output o) {
                declareOutput(o);
            } else if (m instanceof Member.Settings s) {
                settings.read(s);
            } else if (loss != null) {
                diagnostics.error(m.span(), "a model has one loss", "note: the first is at line " + loss.span().line());
            } else {
                loss = (Member.Loss) m;
            }
        }
        Node lossNode = loss == null ? null : checkLoss(loss);
        requireDeclarations(model, loss);
        if (diagnostics.hasErrors()) {
            return null;
        }
        Graph g = new Graph(input, target, params, lossNode, outputs, List.of(), updates);
        return new CheckedModel(model.name().name(), g, inits, labelClasses, settings.train(), settings.data());
    }

    private void declareFunctions(List<FnDef> fns) {
        for (FnDef fn : fns) {
            String name = fn.name().name();
            if (Builtins.get(name) != null) {
                diagnostics.error(fn.name().span(), "`" + name + "` is a built-in function and cannot be redefined");
            } else if (functions.containsKey(name)) {
                diagnostics.error(fn.name().span(), "function `" + name + "` is defined twice",
                        "note: first defined at line " + functions.get(name).span().line());
            } else {
                functions.put(name, fn);
            }
        }
    }

    private void bind(Ident name, Value value) {
        Span first = definedAt.get(name.name());
        if (first != null) {
            diagnostics.error(name.span(), "`" + name.name() + "` is already defined",
                    "note: first defined at line " + first.line());
            return;
        }
        if (Builtins.get(name.name()) != null || name.name().equals("params")) {
            diagnostics.error(name.span(), "`" + name.name() + "` is a built-in name; choose another");
            return;
        }
        definedAt.put(name.name(), name.span());
        scope.put(name.name(), value);   // null when its definition failed: later uses stay quiet
    }

    /** Dims of a declared type: positive whole numbers; null (reported) otherwise. */
    private int[] dims(TensorType type) {
        int[] dims = new int[type.dims().size()];
        for (int i = 0; i < dims.length; i++) {
            Expr.Number d = type.dims().get(i);
            if (d.value() != Math.rint(d.value()) || d.value() < 1 || d.value() > 1 << 28) {
                diagnostics.error(d.span(), "a dimension must be a positive whole number, not " + d.text());
                return null;
            }
            dims[i] = (int) d.value();
        }
        return dims;
    }

    private void declareInput(Member.Input in) {
        if (input != null) {
            diagnostics.error(in.name().span(), "a model has one input", "help: concatenate features into one input");
            return;
        }
        int[] dims = dims(in.type());
        if (in.type().isLabel()) {
            diagnostics.error(in.type().span(), "an input holds numbers: declare it as float[...]");
        } else if (dims != null) {
            input = graph.leaf(Leaf.Kind.INPUT, in.name().name(), Shape.batchOf(dims));
            bind(in.name(), new Value.Tensor(input));
        }
    }

    private void declareTarget(Member.Target t) {
        if (target != null) {
            diagnostics.error(t.name().span(), "a model has one target");
            return;
        }
        int[] dims = dims(t.type());
        if (dims == null) {
            return;
        }
        if (t.type().isLabel()) {
            if (dims.length != 1 || dims[0] < 2) {
                diagnostics.error(t.type().span(), "label[K] takes one number, the count of classes (at least 2)");
                return;
            }
            labelClasses = dims[0];
            target = graph.leaf(Leaf.Kind.TARGET, t.name().name(), Shape.batchOf());
            bind(t.name(), new Value.Labels(target, labelClasses));
        } else {
            target = graph.leaf(Leaf.Kind.TARGET, t.name().name(), Shape.batchOf(dims));
            bind(t.name(), new Value.Tensor(target));
        }
    }

    private void declareParam(Member.Param p) {
        int[] dims = dims(p.type());
        if (dims == null) {
            return;
        }
        if (p.type().isLabel()) {
            diagnostics.error(p.type().span(), "a parameter holds numbers: declare it as float[...]");
            return;
        }
        Shape shape = Shape.of(dims);
        Value init = p.init() == null ? Initializers.defaultFor(shape) : evaluator.eval(p.init(), scope);
        if (init != null) {
            Node node = declare(p.name().name(), shape, init, p.init() == null ? p.span() : p.init().span());
            bind(p.name(), node == null ? null : new Value.Tensor(node));
        }
    }

    private void declareOutput(Member.Output o) {
        Value v;
        if (o.value() == null) {
            v = scope.get(o.name().name());
            if (!definedAt.containsKey(o.name().name())) {
                diagnostics.error(o.name().span(), "unknown name `" + o.name().name() + "`",
                        Suggest.didYouMean(o.name().name(), scope.keySet()));
            }
        } else {
            v = evaluator.eval(o.value(), scope);
            bind(o.name(), v);
        }
        if (v == null) {
            return;
        }
        if (!(v instanceof Value.Tensor t) || !t.node().shape().batched()) {
            diagnostics.error(o.span(), "an output must be a value computed per example from the input, but `"
                    + o.name().name() + "` is " + Value.describe(v));
            return;
        }
        if (dependsOn(t.node(), target)) {
            diagnostics.error(o.span(), "output `" + o.name().name() + "` depends on the target, which is not "
                    + "known when predicting");
            return;
        }
        outputs.add(new Graph.Output(o.name().name(), t.node()));
    }

    private static boolean dependsOn(Node n, Node leaf) {
        return leaf != null && Graph.reachable(List.of(n)).contains(leaf);
    }

    private Node checkLoss(Member.Loss loss) {
        Value v = evaluator.evalLoss(loss.value(), scope);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Value.Tensor t) || !t.node().shape().isScalar()) {
            diagnostics.error(loss.value().span(), "the loss must be a single number, but it is " + Value.describe(v),
                    "help: average it with mean(...); cross_entropy and mse already average over the batch");
            return null;
        }
        if (params.stream().noneMatch(p -> dependsOn(t.node(), p))) {
            diagnostics.error(loss.value().span(), "the loss does not depend on any parameter, so there is nothing to train");
            return null;
        }
        return graph.reshape(t.node(), Shape.SCALAR);
    }

    private void requireDeclarations(ModelDef model, Member.Loss loss) {
        Span at = model.name().span();
        if (input == null && !diagnostics.hasErrors()) {
            diagnostics.error(at, "model `" + model.name().name() + "` has no input", "help: declare one, e.g. input x: float[784]");
        }
        if (target == null && !diagnostics.hasErrors()) {
            diagnostics.error(at, "model `" + model.name().name() + "` has no target",
                    "help: declare one, e.g. target y: label[10] or target y: float[1]");
        }
        if (outputs.isEmpty() && !diagnostics.hasErrors()) {
            diagnostics.error(at, "model `" + model.name().name() + "` has no output",
                    "help: mark what it predicts, e.g. output probs = softmax(logits)");
        }
        if (loss == null && !diagnostics.hasErrors()) {
            diagnostics.error(at, "model `" + model.name().name() + "` has no loss",
                    "help: e.g. loss = cross_entropy(logits, y)");
        }
    }

    // ---- ParamFactory: layers declare their parameters here ----

    @Override
    public String newLayer(String kind) {
        int n = layerCounts.merge(kind, 1, Integer::sum);
        return kind + n;
    }

    @Override
    public Node declare(String name, Shape shape, Value init, Span span) {
        ModelSpec.Init resolved = Initializers.resolve(init, shape, span, diagnostics);
        if (resolved == null) {
            return null;
        }
        Node p = graph.leaf(Leaf.Kind.PARAM, name, shape);
        params.add(p);
        inits.add(resolved);
        return p;
    }

    @Override
    public List<Node> all() {
        return params.stream().filter(p -> ((Leaf) p.op()).is(Leaf.Kind.PARAM)).toList();
    }

    @Override
    public Node declareState(String name, Shape shape, double initial) {
        Node s = graph.leaf(Leaf.Kind.STATE, name, shape);
        params.add(s);
        inits.add(ModelSpec.Init.constant(initial));
        return s;
    }

    @Override
    public void addUpdate(Node assign) {
        updates.add(assign);
    }
}
