package dnnc.compiler.check;

import dnnc.compiler.ast.Span;
import dnnc.compiler.ir.GraphBuilder;
import dnnc.compiler.ir.Node;
import dnnc.compiler.ir.Shape;
import dnnc.compiler.ops.Signature;
import java.util.List;

/**
 * One call of a built-in, with its arguments matched to the signature: typed getters that report a mistake
 * at the argument's position (and return null, so the caller just gives up), the graph builder, and a way
 * to declare the parameters a layer owns.
 */
public final class CallSite {
    private final Signature signature;
    private final Span span;
    private final Value[] args;
    private final Span[] argSpans;
    private final List<Value> rest;
    private final GraphBuilder graph;
    private final Diagnostics diagnostics;
    private final ParamFactory params;

    /** Where layers declare the parameters they own, and where {@code params} is looked up. */
    public interface ParamFactory {
        /** A fresh name for one layer of this kind: dense1, dense2, ... */
        String newLayer(String kind);

        /** Declares a parameter; {@code init} is an initializer word (glorot) or call (normal(0, 0.1)). */
        Node declare(String name, Shape shape, Value init, Span span);

        /** Every parameter of the model. */
        List<Node> all();

        /** Declares state that the model updates itself (not trained), starting at {@code initial}. */
        Node declareState(String name, Shape shape, double initial);

        /** Registers an update of state made at the end of every training forward pass. */
        void addUpdate(Node assign);
    }

    CallSite(Signature signature, Span span, Value[] args, Span[] argSpans, List<Value> rest, GraphBuilder graph,
             Diagnostics diagnostics, ParamFactory params) {
        this.signature = signature;
        this.span = span;
        this.args = args;
        this.argSpans = argSpans;
        this.rest = rest;
        this.graph = graph;
        this.diagnostics = diagnostics;
        this.params = params;
    }

    public GraphBuilder graph() {
        return graph;
    }

    public Span span() {
        return span;
    }

    public Span argSpan(int i) {
        return argSpans[i] != null ? argSpans[i] : span;
    }

    public Signature signature() {
        return signature;
    }

    public String name() {
        return signature.name();
    }

    /** Extra positional arguments of a variadic built-in such as {@code l2(W1, W2)}. */
    public List<Value> rest() {
        return rest;
    }

    public Value value(int i) {
        return args[i];
    }

    public boolean isGiven(int i) {
        return args[i] != null;
    }

    public void error(int arg, String message, String... notes) {
        diagnostics.error(argSpan(arg), message, notes);
    }

    public void errorAtCall(String message, String... notes) {
        diagnostics.error(span, message, notes);
    }

    /** A tensor argument (numbers count); anything else is reported. */
    public Node tensor(int i) {
        Value v = args[i];
        if (v instanceof Value.Tensor t) {
            return t.node();
        }
        error(i, name() + "() expects a tensor for '" + signature.paramName(i) + "' but got " + Value.describe(v));
        return null;
    }

    /** A number given or defaulted; null (reported) when it is not a constant. */
    public Double number(int i) {
        Value v = args[i];
        if (v == null) {
            return Double.parseDouble(signature.defaultText(i));
        }
        if (v instanceof Value.Tensor t && t.isConstant()) {
            return t.constant();
        }
        error(i, "'" + signature.paramName(i) + "' of " + name() + "() must be a number known at compile time, not "
                + Value.describe(v));
        return null;
    }

    /** A whole number of at least {@code min}. */
    public Integer integer(int i, int min) {
        Double d = number(i);
        if (d == null) {
            return null;
        }
        if (d != Math.rint(d) || d < min || d > Integer.MAX_VALUE) {
            error(i, "'" + signature.paramName(i) + "' of " + name() + "() must be a whole number"
                    + (min > Integer.MIN_VALUE ? " of at least " + min : "") + ", not " + GraphBuilder.formatNumber(d));
            return null;
        }
        return d.intValue();
    }

    /** true or false, given as a word. */
    public Boolean bool(int i) {
        Value v = args[i];
        String word = v == null ? signature.defaultText(i) : v instanceof Value.Word w ? w.word() : null;
        if ("true".equals(word) || "false".equals(word)) {
            return word.equals("true");
        }
        error(i, "'" + signature.paramName(i) + "' of " + name() + "() must be true or false, not " + Value.describe(v));
        return null;
    }

    /** The argument as given, or its default as a word or number value. */
    public Value valueOrDefault(int i) {
        if (args[i] != null) {
            return args[i];
        }
        String text = signature.defaultText(i);
        try {
            return new Value.Tensor(graph.constant(Double.parseDouble(text)));
        } catch (NumberFormatException e) {
            return new Value.Word(text);
        }
    }

    public String newLayer(String kind) {
        return params.newLayer(kind);
    }

    public Node declareParam(String name, Shape shape, Value init) {
        return params.declare(name, shape, init, span);
    }

    public List<Node> allParams() {
        return params.all();
    }

    public Node declareState(String name, Shape shape, double initial) {
        return params.declareState(name, shape, initial);
    }

    public void addUpdate(Node assign) {
        params.addUpdate(assign);
    }
}
