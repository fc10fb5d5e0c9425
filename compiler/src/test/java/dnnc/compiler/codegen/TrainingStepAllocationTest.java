package dnnc.compiler.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dnnc.compiler.Pipeline;
import dnnc.compiler.TestModels;
import dnnc.compiler.check.SourceFile;
import dnnc.runtime.Model;
import dnnc.runtime.ModelSpec;
import dnnc.runtime.data.Dataset;
import dnnc.runtime.kernels.KernelWarmUp;
import dnnc.runtime.train.Optimizer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A compiled model's training step allocates nothing once the JIT has compiled it: batch copy, forward,
 * backward and the optimizer, on this thread and on the kernels' worker (BENCHMARKS.md's "0 bytes per step"
 * target, until now measured only by the benchmark harness). The steps run in a JVM of their own, as a model jar
 * runs them: in the test JVM, after every other test's models, the JIT compiles the kernels from profiles mixed
 * over many shapes and leaves some Vector API values boxed (3 900 bytes a step of the DESIGN CNN). Whether the JIT
 * keeps a value in registers can also depend on how it compiled the whole step (a mask taken out of an array
 * allocated in some runs of the DESIGN CNN and not in others), so this guards against allocations in the code
 * itself, not against every such case.
 */
class TrainingStepAllocationTest {
    private static final int BATCH = 32;

    @ParameterizedTest
    @ValueSource(strings = {"bench/models/design_cnn.dnn", "examples/fashion_mlp.dnn"})
    void aTrainingStepAllocatesNothingAfterWarmUp(String file) throws Exception {
        Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
        Path log = Files.createTempFile("dnnc-steps", ".txt");
        try {
            Process child = new ProcessBuilder(List.of(javaBin.toString(), "-Xss8m", "--add-modules",
                    "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                    TrainingStepAllocationTest.class.getName(), file))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            boolean finished = child.waitFor(120, TimeUnit.SECONDS);
            if (!finished) {
                child.destroyForcibly();
            }
            String out = Files.readString(log, StandardCharsets.UTF_8);
            assertTrue(finished, "the steps did not finish in 120 s:\n" + out);
            assertEquals(0, child.exitValue(), out);
            assertEquals("bytes=0", out.lines().filter(l -> l.startsWith("bytes=")).findFirst().orElse(out),
                    "bytes allocated by 50 training steps of " + file);
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /** Trains the model of args[0] on random data and prints the bytes its last window of steps allocated. */
    public static void main(String[] args) throws IOException {
        Pipeline.Compiled compiled = TestModels.compile(SourceFile.read(Path.of(args[0])));
        Model model = TestModels.load(compiled);
        model.initialize(1);
        ModelSpec spec = model.spec();
        Dataset data = randomData(spec, 4 * BATCH);
        float[][] table = model.newTable(BATCH);
        float[][] params = new float[spec.params().size()][];
        for (int i = 0; i < params.length; i++) {
            params[i] = model.parameter(i);
        }
        Optimizer optimizer = Optimizer.create(spec.train().optimizer(), spec.train().optimizerArgs(), params,
                model.gradients(table));
        KernelWarmUp.inBackground();   // as a jar does before training
        KernelWarmUp.await(60_000);
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long[] threads = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t == Thread.currentThread() || t.getName().equals("dnnc-worker"))
                .mapToLong(Thread::getId).toArray();
        long bytes = -1;
        // A method the JIT has not compiled yet allocates too; an allocation in the code itself shows in every window.
        // In some JVMs the sums over rows (SimdReduce.sumRows, the DESIGN CNN's bias gradients) ran in C1's code,
        // boxing 3 936 bytes a step, for up to 3 800 steps; after that every window had 0 bytes.
        for (int window = 0; window < 30 && bytes != 0; window++) {
            steps(model, table, data, optimizer, 300);
            long before = allocated(mx, threads);
            steps(model, table, data, optimizer, 50);
            bytes = allocated(mx, threads) - before;
        }
        System.out.println("bytes=" + bytes);
    }

    private static void steps(Model model, float[][] table, Dataset data, Optimizer optimizer, int count) {
        for (int s = 0; s < count; s++) {
            model.copyBatch(table, data, null, (s % 4) * BATCH, BATCH);
            model.forward(table, BATCH, true);
            model.backward(table, BATCH);
            optimizer.step();
        }
    }

    private static long allocated(com.sun.management.ThreadMXBean mx, long[] threads) {
        long sum = 0;
        for (long id : threads) {
            sum += mx.getThreadAllocatedBytes(id);
        }
        return sum;
    }

    private static Dataset randomData(ModelSpec spec, int examples) {
        Random random = new Random(3);
        int features = spec.input().size(), targets = spec.target().size();
        float[] x = new float[examples * features], y = new float[examples * targets];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextFloat();
        }
        for (int i = 0; i < y.length; i++) {
            y[i] = spec.target().isLabel() ? random.nextInt(spec.target().classes()) : random.nextFloat();
        }
        return new Dataset("random", examples, features, x, targets, y);
    }
}
