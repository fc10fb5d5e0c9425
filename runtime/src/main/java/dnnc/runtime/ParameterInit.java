package dnnc.runtime;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Draws initial parameter values. One {@link SplittableRandom} seeded once serves all parameters in spec
 * order, so a seed fixes every value. Uniform and normal numbers are derived from {@code nextLong()} with
 * fixed formulas (not the JDK's {@code nextGaussian}, whose algorithm is not specified), so the values do not
 * depend on the Java version.
 */
final class ParameterInit {
    private ParameterInit() {
    }

    static void initialize(List<ModelSpec.Param> specs, float[][] values, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < values.length; i++) {
            fill(specs.get(i), values[i], random);
        }
    }

    private static void fill(ModelSpec.Param param, float[] v, SplittableRandom random) {
        ModelSpec.Init init = param.init();
        switch (init.kind()) {
            case "constant" -> java.util.Arrays.fill(v, (float) init.a());
            case "uniform" -> {
                for (int k = 0; k < v.length; k++) {
                    v[k] = (float) (init.a() + (init.b() - init.a()) * unit(random));
                }
            }
            case "normal" -> {
                for (int k = 0; k < v.length; k++) {
                    v[k] = (float) (init.a() + init.b() * gaussian(random));
                }
            }
            default -> throw new IllegalArgumentException("parameter " + param.name()
                    + " has unknown initialization '" + init.kind() + "' (expected constant, normal or uniform)");
        }
    }

    /** Uniform in [0, 1) with 53 random bits. */
    private static double unit(SplittableRandom random) {
        return (random.nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Standard normal by the Box-Muller transform; 1 - unit() lies in (0, 1], so the logarithm is finite. */
    private static double gaussian(SplittableRandom random) {
        double u1 = 1.0 - unit(random);
        double u2 = unit(random);
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }
}
