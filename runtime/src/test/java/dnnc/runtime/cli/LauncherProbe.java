package dnnc.runtime.cli;

import dnnc.runtime.kernels.Gemm;

/** A main class for LauncherTest: starts through the Launcher, prints the path and arguments, exits with 7. */
public final class LauncherProbe {
    private LauncherProbe() {
    }

    public static void main(String[] args) {
        args = Launcher.start(LauncherProbe.class, args);
        System.out.println(Gemm.implementation().startsWith("simd") ? "simd" : "scalar");
        System.out.println(String.join(",", args));
        System.err.println("probe stderr");
        System.exit(7);
    }
}
