package dnnc.compiler.ops;

import dnnc.compiler.check.CallSite;
import dnnc.compiler.check.Value;
import dnnc.compiler.ir.GraphBuilder;
import dnnc.compiler.ir.Node;
import dnnc.compiler.ir.Shape;
import java.util.List;

/**
 * Batch normalization, built from primitives. While training it normalizes with the batch's mean and
 * variance (per channel of [C, H, W], or per feature of [F]) and moves the running statistics toward them;
 * when evaluating or predicting it uses the running statistics. Both paths are computed and blended by the
 * training flag, so the generated code has no branch; the running statistics are state parameters, saved
 * with the weights and left alone by the optimizer.
 */
final class NormBuiltins {
    private NormBuiltins() {
    }

    static List<Builtin> all() {
        return List.of(new Builtin(Signature.of("batchnorm", "x", "momentum=0.1", "eps=1e-5"),
                "normalizes each channel (or feature) over the batch, then scales and shifts it by learned gamma "
                        + "and beta; running statistics are used when evaluating", NormBuiltins::batchnorm));
    }

    private static Value batchnorm(CallSite c) {
        Node x = c.tensor(0);
        Double momentum = c.number(1);
        Double eps = c.number(2);
        if (x == null || momentum == null || eps == null) {
            return null;
        }
        Shape s = x.shape();
        if (!s.batched() || (s.rank() != 1 && s.rank() != 3)) {
            c.error(0, "batchnorm() takes features [F] or images [C, H, W] per example, not " + s.dimsText());
            return null;
        }
        if (momentum <= 0 || momentum > 1 || eps <= 0) {
            c.errorAtCall("batchnorm() needs 0 < momentum <= 1 and eps > 0");
            return null;
        }
        GraphBuilder g = c.graph();
        int channels = s.dim(0);
        Shape perChannel = s.rank() == 3 ? Shape.of(channels, 1, 1) : Shape.of(channels);
        String layer = c.newLayer("batchnorm");
        Node gamma = c.declareParam(layer + ".gamma", Shape.of(channels), new Value.Word("ones"));
        Node beta = c.declareParam(layer + ".beta", Shape.of(channels), new Value.Word("zeros"));
        Node runningMean = c.declareState(layer + ".running_mean", Shape.of(channels), 0);
        Node runningVar = c.declareState(layer + ".running_var", Shape.of(channels), 1);
        Node training = g.trainingFlag();

        Node count = s.rank() == 3 ? g.mul(g.batchSize(), g.constant(s.dim(1) * s.dim(2))) : g.batchSize();
        Node mean = g.div(sumPerChannel(g, x), count);
        Node centered = g.sub(x, mean);
        Node variance = g.div(sumPerChannel(g, g.mul(centered, centered)), count);

        Node notTraining = g.sub(g.constant(1), training);
        Node meanUsed = g.add(g.mul(training, mean), g.mul(notTraining, g.reshape(runningMean, perChannel)));
        Node varUsed = g.add(g.mul(training, variance), g.mul(notTraining, g.reshape(runningVar, perChannel)));
        Node inverseStd = g.exp(g.mul(g.constant(-0.5), g.log(g.add(varUsed, g.constant(eps)))));
        Node normalized = g.mul(g.sub(x, meanUsed), inverseStd);
        Node y = g.add(g.mul(normalized, g.reshape(gamma, perChannel)), g.reshape(beta, perChannel));

        c.addUpdate(update(g, runningMean, g.reshape(g.stopGradient(mean), Shape.of(channels)), momentum, training));
        c.addUpdate(update(g, runningVar, g.reshape(g.stopGradient(variance), Shape.of(channels)), momentum, training));
        return new Value.Tensor(y);
    }

    /** Sum over the batch (and H, W), keeping the channel axis: [C, 1, 1] or [C], unbatched. */
    private static Node sumPerChannel(GraphBuilder g, Node x) {
        Node spatial = x.shape().rank() == 3 ? g.reduceSum(x, 2, 4, true) : x;
        return g.reduceSum(spatial, 0, 1, false);
    }

    /** running = running + momentum * (batch - running), while training (PyTorch's rule, biased variance). */
    private static Node update(GraphBuilder g, Node running, Node batch, double momentum, Node training) {
        Node moved = g.add(running, g.mul(g.constant(momentum), g.sub(batch, running)));
        return g.node(new Assign(), running, moved, training);
    }
}
