package dnnc.compiler.ops;

import static dnnc.compiler.ops.Builtins.add;
import static dnnc.compiler.ops.Builtins.tensor;
import static dnnc.compiler.ops.Builtins.unary;

import dnnc.compiler.check.CallSite;
import dnnc.compiler.check.Value;
import dnnc.compiler.ir.GraphBuilder;
import dnnc.compiler.ir.Node;
import dnnc.compiler.ir.Shape;
import java.util.function.BiFunction;

/**
 * Elementwise built-ins: math functions and activations. Most are composites of a few primitives, chosen
 * so that they are numerically stable and so that their derived gradient matches PyTorch's, kinks included.
 */
final class Activations {
    private Activations() {
    }

    static void register() {
        unary("sqrt", Unary.Fn.SQRT, "square root, elementwise");
        unary("abs", Unary.Fn.ABS, "absolute value, elementwise (gradient 0 at 0)");
        unary("erf", Unary.Fn.ERF, "the error function, elementwise");
        add(Signature.of("pow", "x", "p"), "x ^ p, elementwise with broadcasting", c -> binary(c, GraphBuilder::pow));
        add(Signature.of("clip", "x", "low", "high"),
                "x limited to [low, high], elementwise; the gradient passes where low <= x <= high", Activations::clip);
        add(Signature.of("leaky_relu", "x", "alpha=0.01"), "x where x > 0, else alpha * x",
                c -> withNumber(c, (g, x, a) -> leakyRelu(g, x, a)));
        add(Signature.of("elu", "x", "alpha=1"), "x where x > 0, else alpha * (exp(x) - 1)",
                c -> withNumber(c, Activations::elu));
        add(Signature.of("gelu", "x"), "x * Phi(x) = x/2 * (1 + erf(x / sqrt(2))), the exact (erf) form",
                c -> one(c, Activations::gelu));
        add(Signature.of("softplus", "x"), "log(1 + exp(x)), computed stably", c -> one(c, Activations::softplus));
        add(Signature.of("silu", "x"), "x * sigmoid(x)", c -> one(c, Activations::silu));
        add(Signature.of("swish", "x"), "x * sigmoid(x) (the same as silu)", c -> one(c, Activations::silu));
    }

    interface WithNumber {
        Node apply(GraphBuilder g, Node x, double number);
    }

    private static Value one(CallSite c, BiFunction<GraphBuilder, Node, Node> f) {
        Node x = c.tensor(0);
        return x == null ? null : tensor(f.apply(c.graph(), x));
    }

    private static Value withNumber(CallSite c, WithNumber f) {
        Node x = c.tensor(0);
        Double a = c.number(1);
        return x == null || a == null ? null : tensor(f.apply(c.graph(), x, a));
    }

    interface Op2 {
        Node apply(GraphBuilder g, Node a, Node b);
    }

    /** Two tensors combined elementwise, with broadcasting checked and reported at the call. */
    static Value binary(CallSite c, Op2 f) {
        Node a = c.tensor(0);
        Node b = c.tensor(1);
        if (a == null || b == null) {
            return null;
        }
        if (Shape.broadcast(a.shape(), b.shape()) == null) {
            c.errorAtCall(c.name() + "() cannot broadcast " + a.shape().dimsText() + " with " + b.shape().dimsText(),
                    "help: dims are matched from the right and must be equal or 1");
            return null;
        }
        return tensor(f.apply(c.graph(), a, b));
    }

    /** max(a, b) or min(a, b), elementwise; an axis as well is a mistake. */
    static Value pairwise(CallSite c, boolean max) {
        if (c.isGiven(2) || c.isGiven(3)) {
            c.errorAtCall(c.name() + "(a, b) compares two tensors elementwise and takes no axis or keepdims",
                    "help: " + c.name() + "(x, axis = k) is the " + (max ? "largest" : "smallest")
                            + " element along an axis");
            return null;
        }
        return binary(c, max ? GraphBuilder::max : GraphBuilder::min);
    }

    private static Value clip(CallSite c) {
        Node x = c.tensor(0);
        Node lo = c.tensor(1);
        Node hi = c.tensor(2);
        if (x == null || lo == null || hi == null) {
            return null;
        }
        if (Shape.broadcast(Shape.broadcast(x.shape(), lo.shape()), hi.shape()) == null
                || !Shape.broadcast(Shape.broadcast(x.shape(), lo.shape()), hi.shape()).equals(x.shape())) {
            c.errorAtCall("clip() needs low and high that broadcast to x's shape " + x.shape().dimsText());
            return null;
        }
        return tensor(clip(c.graph(), x, lo, hi));
    }

    /** x * inside + low * below + high * above: exactly torch.clamp, the gradient included at the bounds. */
    static Node clip(GraphBuilder g, Node x, Node lo, Node hi) {
        Node below = g.unary(Unary.Fn.STEP, g.sub(lo, x));
        Node above = g.unary(Unary.Fn.STEP, g.sub(x, hi));
        Node inside = g.sub(g.sub(g.constant(1), below), above);
        return g.add(g.mul(x, inside), g.add(g.mul(lo, below), g.mul(hi, above)));
    }

    /** x * (alpha + (1 - alpha) * step(x)): slope 1 above 0, alpha at and below (as PyTorch). */
    static Node leakyRelu(GraphBuilder g, Node x, double alpha) {
        return g.mul(x, g.add(g.constant(alpha), g.mul(g.constant(1 - alpha), g.unary(Unary.Fn.STEP, x))));
    }

    /** relu(x) + alpha * (exp(x - relu(x)) - 1): exp never sees a positive number, so it cannot overflow. */
    static Node elu(GraphBuilder g, Node x, double alpha) {
        Node r = g.unary(Unary.Fn.RELU, x);
        return g.add(r, g.mul(g.constant(alpha), g.sub(g.exp(g.sub(x, r)), g.constant(1))));
    }

    static Node gelu(GraphBuilder g, Node x) {
        Node phi = g.add(g.constant(1), g.unary(Unary.Fn.ERF, g.mul(x, g.constant(Math.sqrt(0.5)))));
        return g.mul(g.mul(g.constant(0.5), x), phi);
    }

    /** log(1 + exp(-|x|)) + relu(x): equal to log(1 + exp(x)), and never overflows. */
    static Node softplus(GraphBuilder g, Node x) {
        Node tail = g.log(g.add(g.constant(1), g.exp(g.neg(g.unary(Unary.Fn.ABS, x)))));
        return g.add(tail, g.unary(Unary.Fn.RELU, x));
    }

    static Node silu(GraphBuilder g, Node x) {
        return g.mul(x, g.unary(Unary.Fn.SIGMOID, x));
    }
}
