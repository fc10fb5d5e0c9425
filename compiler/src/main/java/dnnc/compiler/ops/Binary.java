package dnnc.compiler.ops;

import dnnc.compiler.ir.GraphBuilder;
import dnnc.compiler.ir.Node;
import java.util.Arrays;
import java.util.List;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.commons.GeneratorAdapter;
import org.objectweb.asm.commons.Method;

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
        },
        /** The larger operand gets the gradient; tied operands get half each (as torch.maximum). */
        MAX(-1) {
            double apply(double a, double b) {
                return Math.max(a, b);
            }

            Node[] vjp(GraphBuilder g, Node a, Node b, Node grad) {
                return new Node[] {g.mul(grad, g.unary(Unary.Fn.HEAVISIDE, g.sub(a, b))),
                    g.mul(grad, g.unary(Unary.Fn.HEAVISIDE, g.sub(b, a)))};
            }
        },
        MIN(-1) {
            double apply(double a, double b) {
                return Math.min(a, b);
            }

            Node[] vjp(GraphBuilder g, Node a, Node b, Node grad) {
                return new Node[] {g.mul(grad, g.unary(Unary.Fn.HEAVISIDE, g.sub(b, a))),
                    g.mul(grad, g.unary(Unary.Fn.HEAVISIDE, g.sub(a, b)))};
            }
        },
        /** a^b: d/da = b a^(b-1), d/db = a^b log a (needed only when the exponent depends on a parameter). */
        POW(-1) {
            double apply(double a, double b) {
                return Math.pow(a, b);
            }

            Node[] vjp(GraphBuilder g, Node a, Node b, Node grad) {
                Node out = g.pow(a, b);
                return new Node[] {g.mul(grad, g.mul(b, g.pow(a, g.sub(b, g.constant(1))))),
                    g.mul(grad, g.mul(out, g.log(a)))};
            }
        },
        /** 1 where a == b, else 0: where a maximum came from. Has no gradient. */
        EQ(-1) {
            double apply(double a, double b) {
                return a == b ? 1 : 0;
            }

            Node[] vjp(GraphBuilder g, Node a, Node b, Node grad) {
                return new Node[] {null, null};
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
        if (fn.opcode >= 0) {
            code.visitInsn(fn.opcode);
        } else {
            code.invokeStatic(Type.getObjectType(Unary.MATH), new Method(fn.name().toLowerCase(), "(FF)F"));
        }
    }

    @Override
    public List<Node> vjp(GraphBuilder g, Node node, Node grad) {
        Node a = node.input(0);
        Node b = node.input(1);
        Node[] full = fn.vjp(g, a, b, grad);
        return Arrays.asList(full[0] == null ? null : g.sumTo(full[0], a.shape()),
                full[1] == null ? null : g.sumTo(full[1], b.shape()));
    }

    @Override
    public String toString() {
        return fn.name().toLowerCase();
    }
}
