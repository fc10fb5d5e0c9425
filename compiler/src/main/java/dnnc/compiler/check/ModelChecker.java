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
    private Listener listener = new Listener() { };

    private Node input;
    private Node target;
    private int labelClasses;
    private final List<Graph.Output> outputs = new ArrayList<>();
    private final List<Node> updates = new ArrayList<>();
    /** For each name defined in the model, the model names its definition refers to. */
    private final Map<String, java.util.Set<String>> uses = new LinkedHashMap<>();
    /** The names the outputs and the loss refer to: what everything used must be reachable from. */
    private final java.util.Set<String> roots = new java.util.HashSet<>();
    private final Map<String, Span> declaredParams = new LinkedHashMap<>();
    private final Map<String, Span> namedValues = new LinkedHashMap<>();

    /**
     * Told what the checker learns as it goes, for tools such as the language server; checking is the same with
     * or without one.
     */
    public interface Listener {
        /** A name of the model was defined; {@code value} is null when its definition failed. */
        default void defined(Ident name, Value value) {
        }

        /** A parameter was declared: a {@code param} by its name, a layer's as {@code dense1.W} at its call. */
        default void declaredParam(String name, Shape shape, ModelSpec.Init init, Span span) {
        }
    }

    /** {@code baseDir} is where relative data paths are resolved: the .dnn file's folder. */
    public ModelChecker(Diagnostics diagnostics, Path baseDir) {
        this.diagnostics = diagnostics;
        this.baseDir = baseDir;
    }

    public ModelChecker listener(Listener listener) {
        this.listener = listener;
        return this;
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
                    "note: the first is `" + program.models().get(0).name().name() + "`, at line "
                            + program.models().get(0).name().span().line());
        }
        declareFunctions(program.functions());
        evaluator = new Evaluator(graph, diagnostics, this, functions);
        evaluator.setModelScope(scope);
        ModelDef model = program.models().get(0);
        evaluator.setModelNames(names(model));
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
                Ident name = let.binding().name();
                evaluator.takeReferences();
                Value v = evaluator.eval(let.binding().value(), scope);
                if (bind(name, v)) {
                    evaluator.defined(name.name(), let.binding().value());
                    uses.put(name.name(), evaluator.takeReferences());
                    namedValues.put(name.name(), name.span());
                }
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
        evaluator.takeReferences();
        Node lossNode = loss == null ? null : checkLoss(loss);
        roots.addAll(evaluator.takeReferences());
        requireDeclarations(model, loss);
        if (input != null) {
            settings.checkAugment(((Leaf) input.op()).name(), input.shape().dims());
        }
        if (diagnostics.hasErrors()) {
            return null;
        }
        warnAboutUnused(lossNode);
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

    /** Defines a model name; false (reported) when it cannot be defined. */
    private boolean bind(Ident name, Value value) {
        Span first = definedAt.get(name.name());
        if (first != null) {
            diagnostics.error(name.span(), "`" + name.name() + "` is already defined",
                    "note: first defined at line " + first.line());
            return false;
        }
        if (Builtins.get(name.name()) != null || name.name().equals("params")) {
            diagnostics.error(name.span(), "`" + name.name() + "` is a built-in name; choose another");
            definedAt.put(name.name(), name.span());
            scope.put(name.name(), null);   // reported: later uses stay quiet
            return false;
        }
        definedAt.put(name.name(), name.span());
        scope.put(name.name(), value);   // null when its definition failed: later uses stay quiet
        listener.defined(name, value);
        return true;
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
        if (Evaluator.tooLarge(Shape.of(dims))) {
            diagnostics.error(type.span(), "a tensor can hold at most 2^28 numbers, but " + (type.isLabel() ? "label" : "float") + Shape.of(dims).dimsText()
                    + " would hold more");
            return null;
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
            bind(in.name(), null);   // reported: later uses stay quiet
        } else if (dims == null) {
            bind(in.name(), null);
        } else {
            input = graph.leaf(Leaf.Kind.INPUT, in.name().name(), Shape.batchOf(dims));
            bind(in.name(), new Value.Tensor(input));
            evaluator.declared(in.name().name(), in.span());
        }
    }

    private void declareTarget(Member.Target t) {
        if (target != null) {
            diagnostics.error(t.name().span(), "a model has one target");
            return;
        }
        int[] dims = dims(t.type());
        if (dims == null) {
            bind(t.name(), null);
            return;
        }
        if (t.type().isLabel()) {
            if (dims.length != 1 || dims[0] < 2) {
                diagnostics.error(t.type().span(), dims.length == 1
                        ? "label[" + dims[0] + "] has " + dims[0] + " class; class labels need at least 2"
                        : "label[K] takes one number, the count of classes");
                bind(t.name(), null);
                return;
            }
            labelClasses = dims[0];
            target = graph.leaf(Leaf.Kind.TARGET, t.name().name(), Shape.batchOf());
            bind(t.name(), new Value.Labels(target, labelClasses));
            evaluator.declared(t.name().name(), t.span());
        } else {
            target = graph.leaf(Leaf.Kind.TARGET, t.name().name(), Shape.batchOf(dims));
            bind(t.name(), new Value.Tensor(target));
            evaluator.declared(t.name().name(), t.span());
        }
    }

    private void declareParam(Member.Param p) {
        int[] dims = dims(p.type());
        if (dims == null) {
            bind(p.name(), null);
            return;
        }
        if (p.type().isLabel()) {
            diagnostics.error(p.type().span(), "a parameter holds numbers: declare it as float[...]");
            bind(p.name(), null);
            return;
        }
        Shape shape = Shape.of(dims);
        Value init = p.init() == null ? Initializers.defaultFor(shape) : evaluator.eval(p.init(), scope);
        Node node = init == null ? null : declare(p.name().name(), shape, init, p.init() == null ? p.span() : p.init().span());
        if (bind(p.name(), node == null ? null : new Value.Tensor(node)) && node != null) {
            evaluator.declared(p.name().name(), p.span());
            declaredParams.put(p.name().name(), p.name().span());
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
            evaluator.takeReferences();
            v = evaluator.eval(o.value(), scope);
            if (bind(o.name(), v)) {
                evaluator.defined(o.name().name(), o.value());
                uses.put(o.name().name(), evaluator.takeReferences());
            }
        }
        roots.add(o.name().name());
        if (v == null) {
            return;
        }
        if (!(v instanceof Value.Tensor t) || !t.node().shape().batched()) {
            if (input == null) {
                return;   // without an input nothing is per example: "has no input" says it
            }
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

    /**
     * Warnings, once the model checks: a parameter or a named value that neither an output nor the loss uses
     * (through names: {@code l2(params)} alone does not count as a use), and a loss that ignores the target.
     */
    private void warnAboutUnused(Node lossNode) {
        java.util.Set<String> used = new java.util.HashSet<>();
        java.util.Deque<String> work = new java.util.ArrayDeque<>(roots);
        while (!work.isEmpty()) {
            String name = work.pop();
            if (used.add(name)) {
                work.addAll(uses.getOrDefault(name, java.util.Set.of()));
            }
        }
        declaredParams.forEach((name, span) -> {
            if (!used.contains(name)) {
                diagnostics.warning(span, "parameter `" + name + "` is never used",
                        "note: neither an output nor the loss depends on it",
                        "help: use it, e.g. `x @ " + name + "`, or remove it");
            }
        });
        namedValues.forEach((name, span) -> {
            if (!used.contains(name)) {
                diagnostics.warning(span, "`" + name + "` is computed but reaches neither the loss nor an output",
                        "help: use it, mark it `output " + name + "`, or remove it");
            }
        });
        if (lossNode != null && target != null && !dependsOn(lossNode, target)) {
            diagnostics.warning(spanOfLoss, "the loss does not depend on the target `" + leafName(target) + "`",
                    "note: training would not look at the labels or targets in the data");
        }
    }

    private static String leafName(Node n) {
        return ((Leaf) n.op()).name();
    }

    private static boolean dependsOn(Node n, Node leaf) {
        return leaf != null && Graph.reachable(List.of(n)).contains(leaf);
    }

    private Span spanOfLoss;

    private Node checkLoss(Member.Loss loss) {
        spanOfLoss = loss.value().span();
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

    /**
     * What every model declares. An input or target that is declared but wrong was reported where it is; one that
     * is not written at all is reported here, whatever else went wrong.
     */
    private void requireDeclarations(ModelDef model, Member.Loss loss) {
        Span at = model.name().span();
        if (!declares(model, Member.Input.class)) {
            diagnostics.error(at, "model `" + model.name().name() + "` has no input", "help: declare one, e.g. input x: float[784]");
        }
        if (!declares(model, Member.Target.class)) {
            diagnostics.error(at, "model `" + model.name().name() + "` has no target",
                    "help: declare one, e.g. target y: label[10] or target y: float[1]");
        }
        if (outputs.isEmpty() && !diagnostics.hasErrors()) {
            diagnostics.error(at, "model `" + model.name().name() + "` has no output",
                    "help: mark what it predicts, e.g. output probs = softmax(logits)");
        }
        if (loss == null) {
            diagnostics.error(at, "model `" + model.name().name() + "` has no loss",
                    "help: e.g. loss = cross_entropy(logits, y)");
        }
    }

    /** Every name the model defines, where first defined: to tell "used before its definition" from "unknown". */
    private static Map<String, Span> names(ModelDef model) {
        Map<String, Span> names = new HashMap<>();
        for (Member m : model.members()) {
            Ident name = m instanceof Member.Input in ? in.name() : m instanceof Member.Target t ? t.name()
                    : m instanceof Member.Param p ? p.name() : m instanceof Member.Let let ? let.binding().name()
                    : m instanceof Member.Output o && o.value() != null ? o.name() : null;
            if (name != null) {
                names.putIfAbsent(name.name(), name.span());
            }
        }
        return names;
    }

    private static boolean declares(ModelDef model, Class<? extends Member> kind) {
        return model.members().stream().anyMatch(kind::isInstance);
    }

    // ---- ParamFactory: layers declare their parameters here ----

    @Override
    public String newLayer(String kind) {
        int n = layerCounts.merge(kind, 1, Integer::sum);
        return kind + n;
    }

    @Override
    public Node declare(String name, Shape shape, Value init, Span span) {
        if (Evaluator.tooLarge(shape)) {
            diagnostics.error(span, "parameter " + name + " would be " + shape.dimsText() + ", more than the 2^28 "
                    + "numbers a tensor can hold");
            return null;
        }
        ModelSpec.Init resolved = Initializers.resolve(init, shape, span, diagnostics);
        if (resolved == null) {
            return null;
        }
        Node p = graph.leaf(Leaf.Kind.PARAM, name, shape);
        params.add(p);
        inits.add(resolved);
        listener.declaredParam(name, shape, resolved, span);
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
