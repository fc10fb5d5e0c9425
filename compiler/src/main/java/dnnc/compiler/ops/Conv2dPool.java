package dnnc.compiler.ops;

import dnnc.compiler.codegen.Lowering;
import dnnc.compiler.ir.GraphBuilder;
import dnnc.compiler.ir.Node;
import dnnc.compiler.ir.Shape;
import java.util.List;

/**
 * A stride-1 convolution (with its bias when there is a third input), 2x2 max pooling with stride 2, and with
 * {@code relu} a ReLU: relu(maxpool(conv2d(x, w) + b, 2)) for x [B, C, H, W], w [O, C, KH, KW], b [O, 1, 1].
 * Made one node by {@code FuseConvPool} in the graph that evaluating and predicting run, where nothing else
 * reads the convolution (so it has no gradient rule). The kernel pools each example's convolution while it is in
 * the cache instead of writing it out and reading it back; the values are the same to the bit.
 */
public record Conv2dPool(int pad, boolean relu) implements Op {
    private static final Pool POOL = new Pool(true, 2, 2);

    @Override
    public Shape shape(List<Shape> inputs) {
        return POOL.shape(List.of(convolution(inputs.size()).shape(inputs)));
    }

    @Override
    public List<Node> vjp(GraphBuilder g, Node node, Node grad) {
        throw new UnsupportedOperationException("a convolution and its pooling are fused only for inference");
    }

    @Override
    public double[] eval(Node node, double[][] in, int batch) {
        Op convolution = convolution(node.inputs().size());
        Shape convolved = convolution.shape(node.inputs().stream().map(Node::shape).toList());
        Node conv = new Node(-1, convolution, node.inputs(), convolved);
        Op pooling = relu ? new MaxPoolRelu(2, 2) : POOL;
        return pooling.eval(new Node(-1, pooling, List.of(conv), node.shape()),
                new double[][] {convolution.eval(conv, in, batch)}, batch);
    }

    @Override
    public void lower(Lowering l, Node node) {
        l.loadBuffer(node.input(0));
        l.loadBuffer(node.input(1));
        if (node.inputs().size() == 3) {
            l.loadBuffer(node.input(2));
        } else {
            l.code().visitInsn(org.objectweb.asm.Opcodes.ACONST_NULL);
        }
        l.loadBuffer(node);
        Conv2d.pushGeometry(l, node.input(0).shape(), node.input(1).shape(), 1, pad);
        l.code().push(relu);
        l.invokeKernel("dnnc/runtime/kernels/ConvPool", "forward", "([F[F[F[FIIIIIIIIIZ)V");
    }

    /** The convolution alone: with its bias when it has one (a third input). */
    private Op convolution(int inputs) {
        return inputs == 3 ? new Conv2dBias(1, pad) : new Conv2d(1, pad);
    }

    @Override
    public String toString() {
        return "conv2d_maxpool" + (relu ? "_relu" : "") + "[pad " + pad + ", 2x2]";
    }
}
