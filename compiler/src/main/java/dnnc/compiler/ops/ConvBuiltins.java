package dnnc.compiler.ops;

import dnnc.compiler.check.CallSite;
import dnnc.compiler.check.Value;
import dnnc.compiler.ir.GraphBuilder;
import dnnc.compiler.ir.Node;
import dnnc.compiler.ir.Shape;
import java.util.List;

/**
 * The built-ins for images, on examples of shape [C, H, W]: convolution and pooling. Their shape
 * rules are checked here so that a mistake is reported with both shapes at the call.
 */
final class ConvBuiltins {
    private ConvBuiltins() {
    }

    static List<Builtin> all() {
        return List.of(
                new Builtin(Signature.of("conv2d", "x", "channels", "kernel", "stride=1", "pad=0", "init=he", "bias=true"),
                        "2-D convolution of [C, H, W] with its own filters W [channels, C, kernel, kernel] and bias; "
                                + "pad = \"same\" keeps H and W (stride 1, odd kernel)", ConvBuiltins::conv2d),
                new Builtin(Signature.of("maxpool", "x", "size", "stride=0"),
                        "largest value of each size x size window of [C, H, W] (stride defaults to size)",
                        c -> pool(c, true)),
                new Builtin(Signature.of("avgpool", "x", "size", "stride=0"),
                        "mean of each size x size window of [C, H, W] (stride defaults to size)", c -> pool(c, false)),
                new Builtin(Signature.of("global_avgpool", "x"), "mean over H and W: [C, H, W] to [C]",
                        ConvBuiltins::globalAvgpool));
    }

    /** The input as [C, H, W] per example, or null (reported). */
    private static Node image(CallSite c) {
        Node x = c.tensor(0);
        if (x == null) {
            return null;
        }
        if (!x.shape().batched() || x.shape().rank() != 3) {
            c.error(0, c.name() + "() needs a rank-3 input [C, H, W] per example, but got " + x.shape().dimsText(),
                    "help: declare the input as e.g. input x: float[1, 28, 28]");
            return null;
        }
        return x;
    }

    private static Value conv2d(CallSite c) {
        Node x = image(c);
        Integer channels = c.integer(1, 1);
        Integer kernel = c.integer(2, 1);
        Integer stride = c.integer(3, 1);
        Boolean bias = c.bool(6);
        if (x == null || channels == null || kernel == null || stride == null || bias == null) {
            return null;
        }
        Integer pad = padding(c, kernel, stride);
        if (pad == null) {
            return null;
        }
        Shape s = x.shape();
        if (s.dim(1) + 2 * pad < kernel || s.dim(2) + 2 * pad < kernel) {
            c.error(2, "conv2d() kernel " + kernel + "x" + kernel + " is larger than its input "
                    + s.dimsText() + (pad > 0 ? " padded by " + pad : ""));
            return null;
        }
        GraphBuilder g = c.graph();
        String layer = c.newLayer("conv");
        Node w = c.declareParam(layer + ".W", Shape.of(channels, s.dim(0), kernel, kernel), c.valueOrDefault(5));
        if (w == null) {
            return null;
        }
        Node y = g.node(new Conv2d(stride, pad), x, w);
        if (bias) {
            Node b = c.declareParam(layer + ".b", Shape.of(channels), new Value.Word("zeros"));
            y = g.add(y, g.reshape(b, Shape.of(channels, 1, 1)));
        }
        return new Value.Tensor(y);
    }

    private static Integer padding(CallSite c, int kernel, int stride) {
        if (c.value(4) instanceof Value.Str s) {
            if (!s.value().equals("same") || stride != 1 || kernel % 2 == 0) {
                c.error(4, "pad = \"same\" needs stride 1 and an odd kernel; otherwise give a number");
                return null;
            }
            return (kernel - 1) / 2;
        }
        return c.integer(4, 0);
    }

    private static Value pool(CallSite c, boolean max) {
        Node x = image(c);
        Integer size = c.integer(1, 1);
        Integer stride = c.integer(2, 0);
        if (x == null || size == null || stride == null) {
            return null;
        }
        Shape s = x.shape();
        if (s.dim(1) < size || s.dim(2) < size) {
            c.error(1, c.name() + "() window " + size + "x" + size + " is larger than its input " + s.dimsText());
            return null;
        }
        return new Value.Tensor(c.graph().node(new Pool(max, size, stride == 0 ? size : stride), x));
    }

    private static Value globalAvgpool(CallSite c) {
        Node x = image(c);
        if (x == null) {
            return null;
        }
        GraphBuilder g = c.graph();
        Shape s = x.shape();
        Node planes = g.reshape(x, Shape.batchOf(s.dim(0), s.dim(1) * s.dim(2)));
        return new Value.Tensor(g.div(g.reduceSum(planes, 2, 3, false), g.constant(s.dim(1) * s.dim(2))));
    }
}
