package dnnc.bench;

import dnnc.runtime.cli.Launcher;
import dnnc.runtime.cli.ModelMain;

/**
 * What a model jar's main does once {@code ModelMain.main} starts with {@code args = Launcher.start(...)}:
 * relaunch with the Vector API when it is missing, start warming up the SIMD kernels, then run the command.
 * bench/compare.py runs {@code java -cp HARNESS:MODEL.jar dnnc.bench.JarMain train ...} with no JVM flags, the
 * way a user runs {@code java -jar MODEL.jar train ...}.
 */
public final class JarMain {
    private JarMain() {
    }

    public static void main(String[] args) {
        args = Launcher.start(JarMain.class, args);
        ModelMain.main(args);
    }
}
