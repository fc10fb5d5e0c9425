package dnnc.compiler.show;

import dnnc.compiler.Pipeline;
import dnnc.compiler.ir.Graph;
import dnnc.compiler.ir.Interpreter;
import dnnc.compiler.ir.Node;
import dnnc.compiler.ops.Leaf;
import dnnc.compiler.codegen.ModelLoader;
import dnnc.runtime.Model;
import dnnc.runtime.ModelSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Checks a compiled model's derived gradients against central finite differences of its loss, everything in
 * double precision through the reference interpreter. The data is random: inputs standard normal, float
 * targets uniform in [0, 1) (valid for every loss, probabilities included), labels uniform over the classes;
 * parameters start from the model's own initializers. The error of one element is
 * {@code |derived - numeric| / max(1, |derived|, |numeric|)}.
 */
public final class GradCheck {
    public static final double STEP = 1e-6;

    /** The worst error for one parameter, over {@code checked} of its elements. */
    public record Result(String param, double worstError, int worstIndex, double derived, double numeric,
                         int checked, int size) {
    }

    private GradCheck() {
    }

    /** Checks up to {@code maxElements} elements per parameter (chosen at random when there are more). */
    public static List<Result> run(Pipeline.Compiled compiled, long seed, int batch, int maxElements) {
        Graph graph = compiled.graph();
        ModelSpec spec = compiled.spec();
        Random random = new Random(seed);
        Map<Node, double[]> leaves = new HashMap<>();
        leaves.put(graph.input(), normal(random, graph.input().shape().size() * batch));
        double[] targets = new double[graph.target().shape().size() * batch];
        for (int i = 0; i < targets.length; i++) {
            targets[i] = spec.target().isLabel() ? random.nextInt(spec.target().classes()) : random.nextDouble();
        }
        leaves.put(graph.target(), targets);
        Model model = new Model(ModelLoader.instantiate(compiled.className(), compiled.classBytes()), spec);
        model.initialize(seed);
        for (int i = 0; i < graph.params().size(); i++) {
            float[] initial = model.parameter(i);
            double[] v = new double[initial.length];
            for (int k = 0; k < v.length; k++) {
                v[k] = initial[k];
            }
            leaves.put(graph.params().get(i), v);
        }
        List<Result> results = new ArrayList<>();
        for (int p = 0; p < graph.params().size(); p++) {
            Node param = graph.params().get(p);
            double[] derived = new Interpreter(leaves, batch).eval(graph.grads().get(p));
            double[] values = leaves.get(param);
            Result worst = new Result(((Leaf) param.op()).name(), 0, -1, 0, 0, 0, values.length);
            List<Integer> indices = sample(values.length, maxElements, random);
            for (int i : indices) {
                double saved = values[i];
                values[i] = saved + STEP;
                double up = new Interpreter(leaves, batch).eval(graph.loss())[0];
                values[i] = saved - STEP;
                double down = new Interpreter(leaves, batch).eval(graph.loss())[0];
                values[i] = saved;
                double numeric = (up - down) / (2 * STEP);
                double error = Math.abs(derived[i] - numeric)
                        / Math.max(1, Math.max(Math.abs(derived[i]), Math.abs(numeric)));
                if (Double.isNaN(error)) {
                    error = Double.POSITIVE_INFINITY;
                }
                if (error >= worst.worstError() && (worst.worstIndex() < 0 || error > worst.worstError())) {
                    worst = new Result(worst.param(), error, i, derived[i], numeric, 0, values.length);
                }
            }
            results.add(new Result(worst.param(), worst.worstError(), worst.worstIndex(), worst.derived(),
                    worst.numeric(), indices.size(), values.length));
        }
        return results;
    }

    private static List<Integer> sample(int size, int max, Random random) {
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            all.add(i);
        }
        if (size > max) {
            java.util.Collections.shuffle(all, random);
            return all.subList(0, max);
        }
        return all;
    }

    private static double[] normal(Random random, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = random.nextGaussian();
        }
        return v;
    }
}
