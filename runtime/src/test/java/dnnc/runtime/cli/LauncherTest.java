package dnnc.runtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Starts LauncherProbe in JVMs without the Vector API module, as {@code java -jar model.jar} would be. */
class LauncherTest {

    private static final boolean HAS_MODULE =
            java.lang.module.ModuleFinder.ofSystem().find(Launcher.MODULE).isPresent();

    private record Run(int code, String out, String err) {
    }

    private static Run probe(Map<String, String> env, String... args) throws Exception {
        String java = ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java");
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                LauncherProbe.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().remove(Launcher.NO_RELAUNCH);
        pb.environment().remove("DNNC_NO_SIMD");
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(p.waitFor(), out, err);
    }

    @Test
    void relaunchesWithTheVectorModuleAndPassesArgumentsOutputAndExitCode() throws Exception {
        Assumptions.assumeTrue(HAS_MODULE);
        Run r = probe(Map.of(), "train", "--epochs", "1");
        assertEquals(7, r.code(), r.err());
        assertEquals("simd\ntrain,--epochs,1\n", r.out());
        assertEquals("probe stderr\n", r.err(), "the incubator warning is filtered, the rest passes");
    }

    @Test
    void noSimdFlagRunsTheScalarPathInThisJvmAndIsRemovedFromTheArguments() throws Exception {
        Run r = probe(Map.of(), "train", "--no-simd", "--epochs", "1");
        assertEquals(7, r.code(), r.err());
        assertEquals("scalar\ntrain,--epochs,1\n", r.out());
    }

    @Test
    void environmentSwitchesOffTheRelaunch() throws Exception {
        Run r = probe(Map.of(Launcher.NO_RELAUNCH, "1"), "info");
        assertEquals("scalar\ninfo\n", r.out());
        Run s = probe(Map.of("DNNC_NO_SIMD", "1"), "info");
        assertEquals("scalar\ninfo\n", s.out());
    }

    @Test
    void noRelaunchWhenTheModuleIsAlreadyLoaded() {
        // Tests run with --add-modules jdk.incubator.vector.
        Assumptions.assumeTrue(ModuleLayer.boot().findModule(Launcher.MODULE).isPresent());
        assertNull(Launcher.relaunchCommand("x.Main", new String[0]));
        assertEquals(-1, Launcher.relaunchIfNeeded(LauncherProbe.class, new String[0]));
        assertFalse(Launcher.WARNING.isEmpty());
        assertTrue(Launcher.WARNING.endsWith(Launcher.MODULE));
    }

    @Test
    void theKernelListOfAJarIsReadOneNameALine() throws Exception {
        byte[] list = "Gemm\nPool\n\nReduce\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(java.util.Set.of("Gemm", "Pool", "Reduce"),
                Launcher.kernelList(new java.io.ByteArrayInputStream(list)));
    }

    @Test
    void withoutAKernelListEveryKernelIsWarmedUp() {
        // The test class path holds no META-INF/dnnc/kernels, like a jar of an earlier dnnc.
        assertNull(Launcher.kernelsCalled(LauncherProbe.class));
    }

    @Test
    void childGetsTheSerialCollectorWithASmallYoungGenerationByDefault() {
        assertEquals(List.of("-XX:+UseSerialGC", "-Xmn48m"), Launcher.memoryDefaults(List.of("-Xmx2g")));
    }

    @Test
    void userChoiceOfCollectorOrYoungGenerationIsKept() {
        assertEquals(List.of(), Launcher.memoryDefaults(List.of("-XX:+UseG1GC")));
        assertEquals(List.of(), Launcher.memoryDefaults(List.of("-XX:+UseParallelGC", "-Xmn1g")));
        assertEquals(List.of("-XX:+UseSerialGC"), Launcher.memoryDefaults(List.of("-Xmn256m")));
        assertEquals(List.of("-XX:+UseSerialGC"), Launcher.memoryDefaults(List.of("-XX:NewSize=64m")));
    }

    @Test
    void childsCompilerOptionsAreAcceptedAndPrintNothing() throws Exception {
        String java = ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java");
        List<String> cmd = new ArrayList<>(List.of(java));
        cmd.addAll(Launcher.COMPILER_DEFAULTS);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), LauncherProbe.class.getName()));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put(Launcher.NO_RELAUNCH, "1");
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(7, p.waitFor(), err);
        assertEquals("scalar\n\n", out, "an unknown or noisy option would show up here or fail the JVM");
        assertEquals("probe stderr\n", err);
    }
}
