package dnnc.compiler.ops;

import dnnc.compiler.ir.GraphBuilder;
import dnnc.compiler.ir.Node;
import dnnc.runtime.kernels.ScalarMath;
import java.util.Collections;
import java.util.List;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.commons.GeneratorAdapter;
import org.objectweb.asm.commons.Method;

/**
 * Elementwise functions of one argument. Each row of the table holds the function, its derivative rule and
 * its bytecode, side by side.
 */
public record Unary(Fn fn) implements Elementwise {
    static final String MATH = "dnnc/runtime/kernels/ScalarMath";

    public enum Fn {
        NEG {
            double apply(double x) {
                return -x;
            }

            Node vjp(GraphBuilder g, Node x, Node out, Node grad) {
                return g.neg(grad);
            }

            void emit(GeneratorAdapter code) {
                code.visitInsn(Opcodes.FNEG);
            }
        },
        EXP {
            double apply(double x) {
                return Math.exp(x);
            }

            Node vjp(GraphBuilder g, Node x, Node out, Node grad) {
                return g.mul(grad, out);
            }
        },
        LOG {
            double apply(double x) {
                return Math.log(x);
            }

            Node vjp(GraphBuilder g, Node x, Node out, Node grad) {
                return g.div(grad, x);
            }
        },
        TANH {
            double apply(double x) {
                return Math.tanh(x);
            }

            Node vjp(GraphBuilder g, Node x, Node out, Node grad) {
                return g.mul(grad, g.sub(g.constant(1), g.mul(out, out)));
            }
        },
        SIGMOID {
            double apply(double x) {
                return 1 / (1 + Math.exp(-x));
            }

            Node vjp(GraphBuilder g, Node x, Node out, Node grad) {
                return g.mul(grad, g.mul(out, g.sub(g.constant(1), out)));
            }
        },
        RELU {
            double apply(double x) {
                return x > 0 ? x : 0;
            }

            /**
             * step(relu(x)) is step(x) for every float (1 exactly where x &gt; 0, NaN for NaN), so the gradient reads
             * the output: then the input's only reader is the ReLU, and a dense layer's bias add and ReLU fuse into
             * one loop instead of keeping the sum in a buffer of its own for the gradient.
             */
            Node vjp(GraphBuilder g, Node x, Node out, Node grad) {
                return g.mul(grad, g.unary(STEP, out));
            }
        },
        /** 1 where x > 0, else 0: relu's derivative. Its own derivative is zero almost everywhere. */
        STEP {
            double apply(double x) {
                return x > 0 ? 1 : 0;
            }

            Node vjp(GraphBuilder g, Node x, Node out, Node grad) {
                return null;
            }
        },
        SQRT(MATH) {
            double apply(double x) {
                return Math.sqrt(x);
            }

            Node vjp(GraphBuilder g, Node x, Node out, Node grad) {
                return g.div(grad, g.mul(g.constant(2), out));
            }
        },
        ABS(MATH) {
            double apply(double x) {
                return Math.abs(x);
            }

            Node vjp(GraphBuilder g, Node x, Node out, Node grad) {
                return g.mul(grad, g.unary(SIGN, x));
            }
        },
        /** -1, 0 or 1; abs's derivative (0 at 0, as in PyTorch). Its own derivative is zero almost everywhere. */
        SIGN(MATH) {
            double apply(double x) {
                return Math.signum(x);
            }

            Node vjp(GraphBuilder g, Node x, Node out, Node grad) {
                return null;
            }
        },
        /** 1 where x > 0, 1/2 at 0, else 0: max and min give tied operands half the gradient each. */
        HEAVISIDE(MATH) {
            double apply(double x) {
                return x > 0 ? 1 : x == 0 ? 0.5 : 0;
            }

            Node vjp(GraphBuilder g, Node x, Node out, Node grad) {
                return null;
            }
        },
        /** The error function; d/dx erf(x) = 2/sqrt(pi) exp(-x^2). */
        ERF(MATH) {
            double apply(double x) {
                return ScalarMath.erf(x);
            }

            Node vjp(GraphBuilder g, Node x, Node out, Node grad) {
                return g.mul(grad, g.mul(g.constant(2 / Math.sqrt(Math.PI)), g.exp(g.neg(g.mul(x, x)))));
            }
        };

        private final String owner;

        Fn() {
            this("dnnc/runtime/kernels/ScalarOps");
        }

        Fn(String owner) {
            this.owner = owner;
        }

        abstract double apply(double x);

        abstract Node vjp(GraphBuilder g, Node x, Node out, Node grad);

        /** By default a call to the same-named float function in the runtime's ScalarOps or ScalarMath. */
        void emit(GeneratorAdapter code) {
            code.invokeStatic(Type.getObjectType(owner),
                    new Method(name().toLowerCase(), "(F)F"));
        }
    }

    @Override
    public double apply(double[] args) {
        return fn.apply(args[0]);
    }

    @Override
    public void emit(GeneratorAdapter code) {
        fn.emit(code);
    }

    @Override
    public List<Node> vjp(GraphBuilder g, Node node, Node grad) {
        return Collections.singletonList(fn.vjp(g, node.input(0), node, grad));
    }

    @Override
    public String toString() {
        return fn.name().toLowerCase();
    }
}
