package dnnc.bench;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Two builds of the runtime, A and B, in one JVM: each in a class loader of its own (with its own worker thread),
 * run in alternating rounds, so that both see the same state of the machine. Differences of a few percent that
 * separate runs cannot show on this host (the same build moves by 20-50% between runs) show as the median of the
 * per-round ratios. The build loaded first tends to run a few percent faster; bench/ab.sh, which builds two
 * revisions and runs this, runs both orders and combines them.
 *
 * <pre>
 * Compare steps BATCH ROUNDS CLASSES_A,JAR_A CLASSES_B,JAR_B      microseconds per training step
 * Compare latency ROUNDS CLASSES_A,JAR_A CLASSES_B,JAR_B          one-example prediction of test images
 * Compare noise ROUNDS CLASSES_A,JAR_A CLASSES_B,JAR_B            the same on uniform noise (no zeros)
 * </pre>
 *
 * <p>CLASSES is a build's runtime/target/classes, JAR a model jar compiled by that build. This class's own
 * directory (bench/target/classes) is added to each loader for {@link CompareSide}.
 */
public final class Compare {
    private Compare() {
    }

    public static void main(String[] args) throws Exception {
        Locale.setDefault(Locale.ROOT);
        String mode = args[0];
        boolean steps = mode.equals("steps");
        int batch = steps ? Integer.parseInt(args[1]) : 1;
        int at = steps ? 2 : 1;
        int rounds = Integer.parseInt(args[at]);
        String[] builds = {args[at + 1], args[at + 2]};
        Object[] sides = new Object[2];
        Method[] run = new Method[2];
        URL own = Compare.class.getProtectionDomain().getCodeSource().getLocation();
        for (int i = 0; i < 2; i++) {
            String[] parts = builds[i].split(",");
            ClassLoader loader = new URLClassLoader(new URL[] {Path.of(parts[0]).toUri().toURL(), own},
                    ClassLoader.getPlatformClassLoader());
            Class<?> side = Class.forName(CompareSide.class.getName(), true, loader);
            Constructor<?> make = side.getConstructor(String.class, int.class);
            sides[i] = make.newInstance(parts[1], batch);
            run[i] = steps ? side.getMethod("steps", int.class) : side.getMethod("latency", boolean.class, int.class);
        }
        double[][] times = new double[2][rounds];
        for (int round = -2; round < rounds; round++) {   // two rounds to warm up, not counted
            for (int j = 0; j < 2; j++) {
                int i = (round & 1) == 0 ? j : 1 - j;
                double t = steps ? (double) run[i].invoke(sides[i], 600)
                        : (double) run[i].invoke(sides[i], mode.equals("latency"), 400);
                if (round >= 0) {
                    times[i][round] = t;
                }
            }
        }
        for (int i = 0; i < 2; i++) {
            double[] s = times[i].clone();
            Arrays.sort(s);
            System.out.printf("%s: median %.2f us (%.2f-%.2f) %s%n", i == 0 ? "A" : "B", s[rounds / 2], s[0],
                    s[rounds - 1], builds[i]);
        }
        double[] ratio = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            ratio[r] = times[1][r] / times[0][r];
        }
        Arrays.sort(ratio);
        System.out.printf("B/A: median %.3f of the time per round (%.3f-%.3f)%n", ratio[rounds / 2], ratio[0],
                ratio[rounds - 1]);
        System.exit(0);   // the builds' worker threads are daemons, but say so
    }
}
