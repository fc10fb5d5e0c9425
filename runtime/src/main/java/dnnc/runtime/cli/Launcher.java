package dnnc.runtime.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.module.ModuleFinder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Gets a model jar onto the fast matrix-product path without flags the user has to type.
 *
 * <p>The SIMD kernels use the Vector API, an incubator module in Java 17 that a JVM only loads when started with
 * {@code --add-modules jdk.incubator.vector}. No manifest attribute can add a module to the boot layer
 * ({@code Add-Opens}/{@code Add-Exports} only change existing modules, {@code Launcher-Agent-Class} runs too
 * late), so when the module is missing {@link #start} runs the same main class again in a child JVM with the
 * option, the same class path, the same JVM options and the same arguments, with standard input and output
 * inherited, and exits with the child's exit code. The JVM's "WARNING: Using incubator modules" line is removed
 * from the child's standard error; everything else passes through.
 *
 * <p>No relaunch happens when the module is already there, when the environment variable
 * {@value #NO_RELAUNCH} is set (the child has it, so it never loops), when the SIMD path is switched off
 * ({@value #NO_SIMD} on the command line, {@code -Ddnnc.simd=false}, or the environment variable
 * {@code DNNC_NO_SIMD}), when this JDK has no such module, when a debugger agent is attached, or when the
 * child cannot be started; the model then runs in this JVM on the scalar path.
 *
 * <p>In the JVM that runs the model, {@link #start} also starts compiling the SIMD kernels in the background
 * ({@link dnnc.runtime.kernels.KernelWarmUp#inBackground}).
 */
public final class Launcher {
    /** Set in the child's environment; set it yourself to never relaunch. */
    public static final String NO_RELAUNCH = "DNNC_NO_RELAUNCH";
    /** Command-line flag that forces the scalar path (removed from the arguments by {@link #start}). */
    public static final String NO_SIMD = "--no-simd";
    static final String MODULE = "jdk.incubator.vector";
    static final String WARNING = "WARNING: Using incubator modules: " + MODULE;

    private Launcher() {
    }

    /**
     * The first line of a main method: {@code args = Launcher.start(ModelMain.class, args);}. Returns the
     * arguments to run with in this JVM (without {@value #NO_SIMD}), or relaunches and never returns.
     */
    public static String[] start(Class<?> mainClass, String[] args) {
        List<String> rest = new ArrayList<>(Arrays.asList(args));
        if (rest.remove(NO_SIMD)) {
            while (rest.remove(NO_SIMD)) {
                // drop repeats too
            }
            System.setProperty("dnnc.simd", "false");
            return rest.toArray(new String[0]);
        }
        int code = relaunchIfNeeded(mainClass, args);
        if (code >= 0) {
            System.exit(code);
        }
        // Compiles the SIMD kernels on the other core while the model loads its data.
        dnnc.runtime.kernels.KernelWarmUp.inBackground(kernelsCalled(mainClass));
        return args;
    }

    /**
     * The runtime kernel classes the jar's model calls, as the compiler listed them in {@value
     * ModelMain#KERNELS_RESOURCE} (one simple class name a line), or null (all) when the jar has no such list.
     */
    static Set<String> kernelsCalled(Class<?> mainClass) {
        try (InputStream in = mainClass.getResourceAsStream(ModelMain.KERNELS_RESOURCE)) {
            return in == null ? null : kernelList(in);
        } catch (IOException e) {
            return null;   // warm every kernel up: slower to start, never wrong
        }
    }

    /** The names in a kernel list: one a line, blank lines ignored. */
    static Set<String> kernelList(InputStream in) throws IOException {
        Set<String> names = new HashSet<>();
        for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                names.add(line.trim());
            }
        }
        return names;
    }

    /**
     * Runs {@code mainClass} in a child JVM with the Vector API if this JVM lacks it and nothing above forbids
     * it; returns the child's exit code, or -1 when it did not relaunch.
     */
    public static int relaunchIfNeeded(Class<?> mainClass, String[] args) {
        List<String> command = relaunchCommand(mainClass.getName(), args);
        if (command == null) {
            return -1;
        }
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.INHERIT)
                .redirectOutput(ProcessBuilder.Redirect.INHERIT)
                .redirectError(ProcessBuilder.Redirect.PIPE);
        pb.environment().put(NO_RELAUNCH, "1");
        Process child;
        try {
            child = pb.start();
        } catch (IOException | RuntimeException e) {
            return -1; // run here, on the scalar path
        }
        Thread stopChild = new Thread(child::destroy, "dnnc-stop-child");
        Runtime.getRuntime().addShutdownHook(stopChild);
        Thread pump = new Thread(() -> copyErrors(child, System.err), "dnnc-child-stderr");
        pump.setDaemon(true);
        pump.start();
        try {
            int code = child.waitFor();
            pump.join();
            Runtime.getRuntime().removeShutdownHook(stopChild);
            return code;
        } catch (InterruptedException e) {
            child.destroy();
            Thread.currentThread().interrupt();
            return 130;
        }
    }

    /** The child's command line, or null when this JVM should run the model itself. */
    static List<String> relaunchCommand(String mainClass, String[] args) {
        if (ModuleLayer.boot().findModule(MODULE).isPresent()
                || System.getenv(NO_RELAUNCH) != null
                || System.getenv("DNNC_NO_SIMD") != null
                || "false".equalsIgnoreCase(System.getProperty("dnnc.simd"))
                || ModuleFinder.ofSystem().find(MODULE).isEmpty()) {
            return null;
        }
        String classPath = System.getProperty("java.class.path");
        if (classPath == null || classPath.isEmpty()) {
            return null;
        }
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        if (!Files.isExecutable(java)) {
            java = Path.of(System.getProperty("java.home"), "bin", "java.exe");
            if (!Files.isExecutable(java)) {
                return null;
            }
        }
        List<String> jvmOptions = jvmOptions();
        if (jvmOptions == null) {
            return null;
        }
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(memoryDefaults(jvmOptions));
        command.addAll(COMPILER_DEFAULTS);
        command.addAll(jvmOptions);
        command.add("--add-modules");
        command.add(MODULE);
        command.add("-cp");
        command.add(classPath);
        command.add(mainClass);
        command.addAll(Arrays.asList(args));
        return command;
    }

    /**
     * The garbage collector options the child gets unless the user chose their own: the serial collector with a
     * 48 MB young generation. A training step allocates nothing; garbage comes only from loading the data and
     * from the first, interpreted runs of the SIMD kernels, and the default collector grows the heap for it
     * (peak resident memory training the MLP varied from 430 to 750 MB between identical runs; 335 MB with these,
     * at the same speed, and no collector threads competing with the two that train).
     */
    static List<String> memoryDefaults(List<String> userOptions) {
        List<String> defaults = new ArrayList<>();
        if (userOptions.stream().noneMatch(o -> o.matches("-XX:[+-]Use\\w*GC"))) {
            defaults.add("-XX:+UseSerialGC");
            if (userOptions.stream().noneMatch(o -> o.startsWith("-Xmn") || o.startsWith("-XX:NewSize")
                    || o.startsWith("-XX:MaxNewSize") || o.startsWith("-XX:NewRatio"))) {
                defaults.add("-Xmn48m");
            }
        }
        return defaults;
    }

    /**
     * Options for the JIT, always given to the child. A loop that generated code splits between the threads
     * reaches its {@code vN$range} method through the model class's {@code range(task, ...)}, a switch over
     * every such loop, which the runtime calls back. Left alone, C2 inlines that switch, and with it every loop
     * of the model, into the runtime's call back and again into {@code range} itself: compilations of 2-2.5 KB
     * of bytecode, 240-280 ms each on the one C2 thread, in the first second of training, while the loops
     * themselves wait in its queue (MLP at batch 32: 1.4 s of compiling during the first epoch, 0.67 s without
     * them). Each loop is compiled on its own anyway, and a call per chunk of a loop costs nothing.
     */
    static final List<String> COMPILER_DEFAULTS = List.of(
            "-XX:CompileCommand=quiet",
            "-XX:CompileCommand=dontinline,dnnc.generated.*::range",
            "-XX:CompileCommand=dontinline,dnnc.generated.*::*$range");

    /** This JVM's options (heap size and the like), or null when a debugger is attached. */
    private static List<String> jvmOptions() {
        List<String> options;
        try {
            options = java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments();
        } catch (LinkageError | RuntimeException e) {
            return List.of(); // no java.management in this runtime: start the child with the defaults
        }
        for (String o : options) {
            if (o.contains("jdwp")) {
                return null;
            }
        }
        return options;
    }

    /** Copies the child's standard error to {@code err}, without the incubator-module warning. */
    private static void copyErrors(Process child, PrintStream err) {
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(child.getErrorStream(), Charset.defaultCharset()))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (!line.equals(WARNING)) {
                    err.println(line);
                }
            }
        } catch (IOException e) {
            // the child is gone; nothing more to copy
        }
        err.flush();
    }
}
