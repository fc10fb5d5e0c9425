package dnnc.runtime.train;

import java.util.Map;

/** One parameter and its gradient, for checking optimizers' update steps by hand. */
abstract class OneParameterFixture {
    protected final float[][] p = {{0}};
    protected final float[][] g = {{0}};

    protected Optimizer make(String name, Map<String, Double> args) {
        return Optimizer.create(name, args, p, g);
    }

    /** One step with this gradient. */
    protected void step(Optimizer o, float gradient) {
        g[0][0] = gradient;
        o.step();
    }
}
