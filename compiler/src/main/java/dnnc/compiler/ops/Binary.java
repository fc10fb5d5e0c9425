package dnnc.compiler.ops;

import dnnc.compiler.ir.GraphBuilder;
import dnnc.compiler.ir.Node;
import java.util.Arrays;
import java.util.List;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.commons.GeneratorAdapter;

/**
 * Elementwise arithmetic of two broadcast operands. The gradient of a broadcast operand is summed back to
 * its own shape ({@link GraphBuilder#sumTo}).
 */
public record Binary(Fn fn) implements Elementwise {

    public enum Fn {
        ADD(Opcodes.FADD) {
            double apply(double a, double b) {
                return a + b;
            }

            Node[] vjp(GraphBuilder g, Node a, Node b, Node grad) {
                return new Node[] {grad, grad};
            }
        },
        SUB(Opcodes.FSUB) {
            double apply(double a, double b) {
                return a - b;
            }

            Node[] vjp(GraphBuilder g, Node a, Node b, Node grad) {
                return new Node[] {grad, g.neg(grad)};
            }
        },
        MUL(Opcodes.FMUL) {
            double apply(double a, double b) {
                return a * b;
            }

            Node[] vjp(GraphBuilder g, Node a, Node b, Node grad) {
                return new Node[] {g.mul(grad, b), g.mul(grad, a)};
            }
        },
        DIV(Opcodes.FDIV) {
            double apply(double a, double b) {
                return a / b;
            }

            Node[] vjp(GraphBuilder g, Node a, Node b, Node grad) {
                // d(a/b)/db = -a / b^2
                return new Node[] {g.div(grad, b), g.neg(g.div(g.mul(grad, a), g.mul(b, b)))};
            }
        };

        final int opcode;

        Fn(int opcode) {
            this.opcode = opcode;
        }

        abstract double apply(double a, double b);

        /** Gradient contributions at the broadcast result's shape; the caller sums them to each operand's. */
        abstract Node[] vjp(GraphBuilder g, Node a, Node b, Node grad);
    }

    @Override
    public double apply(double[] args) {
        return fn.apply(args[0], args[1]);
    }

    @Override
    public void emit(GeneratorAdapter code) {
        code.visitInsn(fn.opcode);
    }

    @Override
    public List<Node> vjp(GraphBuilder g, Node node, Node grad) {
        Node a = node.input(0);
        Node b = node.input(1);
        Node[] full = fn.vjp(g, a, b, grad);
        return Arrays.asList(g.sumTo(full[0], a.shape()), g.sumTo(full[1], b.shape()));
    }

    @Override
    public String toString() {
        return fn.name().toLowerCase();
    }
}
