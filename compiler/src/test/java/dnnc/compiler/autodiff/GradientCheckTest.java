package dnnc.compiler.autodiff;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dnnc.compiler.ir.GraphBuilder;
import dnnc.compiler.ir.Interpreter;
import dnnc.compiler.ir.Node;
import dnnc.compiler.ir.Shape;
import dnnc.compiler.ops.Leaf;
import dnnc.compiler.ops.TestComposites;
import dnnc.compiler.ops.Unary;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every op's gradient rule against central finite differences, in double precision through the reference
 * interpreter. Each case builds {@code y = f(a, b)} from a batched input {@code a} [B, 3, 4] or [B, 4] and a
 * parameter {@code b}; the loss is {@code sum(y * r)} for a fixed random {@code r}, so every element of the
 * gradient is exercised with a different weight.
 */
class GradientCheckTest {
    private static final int BATCH = 3;

    record Case(String name, Shape a, Shape b, BiFunction<GraphBuilder, Node[], Node> f, boolean positive) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> cases() {
        Shape v = Shape.batchOf(4);
        Shape m = Shape.batchOf(3, 4);
        return Stream.of(
                unary("neg", Unary.Fn.NEG, false),
                unary("exp", Unary.Fn.EXP, false),
                unary("log", Unary.Fn.LOG, true),
                unary("tanh", Unary.Fn.TANH, false),
                unary("sigmoid", Unary.Fn.SIGMOID, false),
                unary("relu", Unary.Fn.RELU, false),
                new Case("add same shape", v, Shape.of(4), (g, x) -> g.add(x[0], g.broadcastTo(x[1], x[0].shape())), false),
                new Case("add bias broadcast", m, Shape.of(4), (g, x) -> g.add(x[0], x[1]), false),
                new Case("sub column broadcast", m, Shape.of(3, 1), (g, x) -> g.sub(x[0], x[1]), false),
                new Case("mul scalar param", v, Shape.of(1), (g, x) -> g.mul(x[1], x[0]), false),
                new Case("mul same", m, Shape.of(3, 4), (g, x) -> g.mul(x[0], x[1]), false),
                new Case("div by param", v, Shape.of(4), (g, x) -> g.div(x[0], x[1]), true),
                new Case("div param by input", v, Shape.of(4), (g, x) -> g.div(x[1], x[0]), true),
                new Case("matmul", v, Shape.of(4, 5), (g, x) -> g.matmul(x[0], x[1], false, false), false),
                new Case("matmul per-example matrix", m, Shape.of(4, 2), (g, x) -> g.matmul(x[0], x[1], false, false), false),
                new Case("matmul transB", v, Shape.of(5, 4), (g, x) -> g.matmul(x[0], x[1], false, true), false),
                new Case("matmul transA", v, Shape.of(4), (g, x) -> g.matmul(x[0], g.mul(x[0], x[1]), true, false), false),
                new Case("sum over batch", m, Shape.of(4), (g, x) -> g.reduceSum(g.mul(x[0], x[1]), 0, 1, false), false),
                new Case("sum over last axis kept", m, Shape.of(4), (g, x) -> g.reduceSum(g.mul(x[0], x[1]), 2, 3, true), false),
                new Case("sum all", m, Shape.of(3, 4), (g, x) -> g.sumAll(g.mul(x[0], x[1])), false),
                new Case("broadcast", v, Shape.of(1), (g, x) -> g.mul(x[0], g.broadcastTo(x[1], Shape.of(4))), false),
                new Case("reshape", m, Shape.of(3, 4), (g, x) -> g.reshape(g.mul(x[0], x[1]), Shape.batchOf(12)), false),
                new Case("softmax", v, Shape.of(4), (g, x) -> TestComposites.softmax(g, g.mul(x[0], x[1]), 1, false), false),
                new Case("log_softmax", m, Shape.of(4), (g, x) -> TestComposites.softmax(g, g.mul(x[0], x[1]), 2, true), false),
                unary("sqrt", Unary.Fn.SQRT, true),
                unary("abs", Unary.Fn.ABS, false),
                unary("erf", Unary.Fn.ERF, false),
                new Case("max of two", m, Shape.of(4), (g, x) -> g.max(x[0], x[1]), false),
                new Case("min of two", m, Shape.of(4), (g, x) -> g.min(x[1], x[0]), false),
                new Case("max tie splits the gradient", v, Shape.of(4), (g, x) -> g.max(x[1], x[1]), false),
                new Case("pow by constant", v, Shape.of(4), (g, x) -> g.pow(g.mul(x[0], x[1]), g.constant(3)), false),
                new Case("pow of parameter base", v, Shape.of(4), (g, x) -> g.pow(x[1], x[0]), true),
                new Case("pow of parameter exponent", v, Shape.of(4), (g, x) -> g.pow(x[0], x[1]), true),
                new Case("reduce max over last axis", m, Shape.of(4), (g, x) -> g.reduceMax(g.mul(x[0], x[1]), 2, 3, false), false),
                new Case("reduce max over batch kept", m, Shape.of(3, 4), (g, x) -> g.reduceMax(g.mul(x[0], x[1]), 0, 1, true), false),
                new Case("transpose per example", m, Shape.of(3, 4), (g, x) -> g.transpose(g.mul(x[0], x[1]), 1, 2), false),
                new Case("transpose of a matrix", v, Shape.of(5, 4), (g, x) -> g.matmul(x[0], g.transpose(x[1], 0, 1), false, false), false),
                new Case("concat", m, Shape.of(3, 2), (g, x) -> g.concat(2, x[0], g.broadcastTo(x[1], Shape.batchOf(3, 2)), x[0]), false),
                new Case("concat of parameters", v, Shape.of(2), (g, x) -> g.mul(x[0], g.concat(0, x[1], g.mul(x[1], x[1]))), false),
                new Case("slice", m, Shape.of(3, 4), (g, x) -> g.slice(g.mul(x[0], x[1]), 2, 1, 3), false),
                new Case("slice of the first axis", m, Shape.of(3, 4), (g, x) -> g.slice(g.mul(x[0], x[1]), 1, 0, 2), false))
                .map(Arguments::of);
    }

    private static Case unary(String name, Unary.Fn fn, boolean positive) {
        return new Case(name, Shape.batchOf(4), Shape.of(4), (g, x) -> g.unary(fn, g.mul(x[0], x[1])), positive);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void derivedGradientMatchesFiniteDifferences(Case c) {
        GraphBuilder g = new GraphBuilder();
        Node a = g.leaf(Leaf.Kind.INPUT, "a", c.a());
        Node b = g.leaf(Leaf.Kind.PARAM, "b", c.b());
        Node y = c.f().apply(g, new Node[] {a, b});
        Node r = g.leaf(Leaf.Kind.TARGET, "r", y.shape());
        Node loss = g.sumAll(g.mul(y, r));

        Random random = new Random(7);
        Map<Node, double[]> leaves = new HashMap<>();
        leaves.put(a, random(random, c.a(), c.positive()));
        leaves.put(b, random(random, c.b(), c.positive()));
        leaves.put(r, random(random, y.shape(), false));

        Node grad = Autodiff.gradients(g, loss, List.of(b)).get(b);
        double[] derived = new Interpreter(leaves, BATCH).eval(grad);
        double[] values = leaves.get(b);
        double worst = 0;
        for (int i = 0; i < values.length; i++) {
            double h = 1e-6 * Math.max(1, Math.abs(values[i]));
            double saved = values[i];
            values[i] = saved + h;
            double up = new Interpreter(leaves, BATCH).eval(loss)[0];
            values[i] = saved - h;
            double down = new Interpreter(leaves, BATCH).eval(loss)[0];
            values[i] = saved;
            double numeric = (up - down) / (2 * h);
            worst = Math.max(worst, Math.abs(numeric - derived[i]) / Math.max(1, Math.abs(numeric)));
        }
        assertTrue(worst < 1e-6, c.name() + ": worst relative error " + worst);
    }

    @org.junit.jupiter.api.Test
    void stopGradientPassesNoGradient() {
        GraphBuilder g = new GraphBuilder();
        Node b = g.leaf(Leaf.Kind.PARAM, "b", Shape.of(2));
        Node loss = g.sumAll(g.mul(b, g.stopGradient(b)));   // d/db of b*c with c held constant is c
        Map<Node, double[]> leaves = new HashMap<>();
        leaves.put(b, new double[] {3, -5});
        double[] grad = new Interpreter(leaves, 1).eval(Autodiff.gradients(g, loss, List.of(b)).get(b));
        org.junit.jupiter.api.Assertions.assertArrayEquals(new double[] {3, -5}, grad);
    }

    private static double[] random(Random random, Shape shape, boolean positive) {
        double[] v = new double[shape.size() * (shape.batched() ? BATCH : 1)];
        for (int i = 0; i < v.length; i++) {
            double x = random.nextDouble() * 2 - 1;
            // keep clear of relu's kink at 0 so that finite differences are meaningful
            v[i] = positive ? 0.5 + Math.abs(x) : (Math.abs(x) < 0.05 ? x + 0.1 : x);
        }
        return v;
    }
}
