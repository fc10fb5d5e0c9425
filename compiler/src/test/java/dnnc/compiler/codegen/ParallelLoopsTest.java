package dnnc.compiler.codegen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dnnc.compiler.Pipeline;
import dnnc.compiler.TestModels;
import dnnc.compiler.check.SourceFile;
import dnnc.runtime.Model;
import dnnc.runtime.ModelSpec;
import dnnc.runtime.kernels.Gemm;
import dnnc.runtime.kernels.Parallel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.IntInsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Element loops split by examples over two threads compute exactly what one thread computes: every output,
 * the loss and every gradient are bit-identical, for training steps and for predictions.
 */
class ParallelLoopsTest {
    private static final int BATCH = 7;

    static Stream<SourceFile> models() {
        return Stream.of(TestModels.example("fashion_mlp.dnn"), TestModels.example("ops/activations.dnn"),
                TestModels.source("""
                        model Normalized {
                            input x: float[2, 6, 5]
                            target y: label[3]
                            a = maxpool(relu(batchnorm(conv2d(x, 3, 3, pad = 1))), 2)
                            logits = dense(dropout(flatten(a), 0.3), 3)
                            output p = softmax(logits)
                            loss = cross_entropy(logits, y)
                        }
                        """));
    }

    @AfterEach
    void restoreDefaults() {
        Parallel.setMinElements(-1);
        Gemm.setThreads(Math.min(2, Runtime.getRuntime().availableProcessors()));
    }

    @ParameterizedTest
    @MethodSource("models")
    void splitLoopsGiveBitIdenticalResults(SourceFile file) {
        Pipeline.Compiled compiled = TestModels.compile(file);
        assertTrue(Arrays.stream(TestModels.load(compiled).kernel().getClass().getDeclaredMethods())
                .anyMatch(m -> m.getName().endsWith("$range")), "the model has element loops over the batch");
        Gemm.setThreads(2);
        Parallel.setMinElements(Integer.MAX_VALUE);   // never split
        float[][] alone = step(compiled);
        Parallel.setMinElements(0);                   // split every loop over a batch of two or more
        float[][] split = step(compiled);
        assertEquals(alone.length, split.length);
        for (int i = 0; i < alone.length; i++) {
            assertArrayEquals(alone[i], split[i], "buffer " + i);
        }
    }

    @Test
    void aLoopOverALargeParameterIsSplitByItsElements() {
        // fashion_mlp's L2 penalty adds 2c * w to the gradient of the first layer's 784 x 256 weights: a loop of
        // 200 704 elements with no batch axis (the other layers' are below Parallel.MIN_ELEMENTS; the penalty's
        // squares are summed by a kernel, see FuseSumOfSquares)
        Pipeline.Compiled compiled = TestModels.compile(TestModels.example("fashion_mlp.dnn"));
        assertEquals(List.of(784 * 256), unbatchedSplitCounts(compiled.classBytes()));
    }

    @Test
    void threadsPredictingAtOnceShareTheWorkerSafely() throws Exception {
        Pipeline.Compiled compiled = TestModels.compile(models().toList().get(2));
        Model model = TestModels.load(compiled);
        model.initialize(3);
        ModelSpec.Tensor in = compiled.spec().input(), out = compiled.spec().outputs().get(0);
        Gemm.setThreads(2);
        Parallel.setMinElements(0);   // every loop asks for the worker; most callers find it taken
        int threads = 6;
        float[][] inputs = new float[threads][in.size() * BATCH];
        float[][] expected = new float[threads][];
        for (int t = 0; t < threads; t++) {
            Random random = new Random(t);
            for (int i = 0; i < inputs[t].length; i++) {
                inputs[t][i] = (float) random.nextGaussian();
            }
            expected[t] = predict(model, in, out, inputs[t]);
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            List<java.util.concurrent.Future<Boolean>> same = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int which = t;
                same.add(pool.submit(() -> {
                    for (int round = 0; round < 200; round++) {
                        if (!Arrays.equals(expected[which], predict(model, in, out, inputs[which]))) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (java.util.concurrent.Future<Boolean> f : same) {
                assertTrue(f.get(), "a prediction made alongside others differed");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** The counts that calls of Parallel.splits pass as constants, not as the batch size (argument 1). */
    private static List<Integer> unbatchedSplitCounts(byte[] classBytes) {
        ClassNode owner = new ClassNode();
        new ClassReader(classBytes).accept(owner, 0);
        List<Integer> counts = new ArrayList<>();
        for (MethodNode method : owner.methods) {
            for (AbstractInsnNode insn : method.instructions) {
                if (insn instanceof MethodInsnNode call && call.name.equals("splits")) {
                    AbstractInsnNode count = call.getPrevious().getPrevious();
                    if (count instanceof LdcInsnNode ldc) {
                        counts.add((Integer) ldc.cst);
                    } else if (count instanceof IntInsnNode push) {
                        counts.add(push.operand);
                    }
                }
            }
        }
        return counts;
    }

    private static float[] predict(Model model, ModelSpec.Tensor in, ModelSpec.Tensor out, float[] input) {
        float[][] table = model.newTable(BATCH);
        System.arraycopy(input, 0, table[in.slot()], 0, input.length);
        model.kernel().predict(table, BATCH);
        return Arrays.copyOf(table[out.slot()], out.size() * BATCH);
    }

    /** One training step and one prediction from fixed weights and data: the outputs, loss and gradients. */
    private static float[][] step(Pipeline.Compiled compiled) {
        Model model = TestModels.load(compiled);
        ModelSpec spec = compiled.spec();
        model.initialize(5);
        float[][] table = model.newTable(BATCH);
        Random random = new Random(8);
        for (int i = 0; i < spec.input().size() * BATCH; i++) {
            table[spec.input().slot()][i] = (float) random.nextGaussian();
        }
        for (int i = 0; i < spec.target().size() * BATCH; i++) {
            table[spec.target().slot()][i] = spec.target().isLabel() ? random.nextInt(spec.target().classes())
                    : (float) random.nextGaussian();
        }
        float loss = model.forward(table, BATCH, true);
        model.backward(table, BATCH);
        List<float[]> results = new ArrayList<>();
        results.add(new float[] {loss});
        for (ModelSpec.Tensor o : spec.outputs()) {
            results.add(Arrays.copyOf(table[o.slot()], o.size() * BATCH));
        }
        for (ModelSpec.Param p : spec.params()) {
            results.add(Arrays.copyOf(table[p.gradSlot()], p.size()));
        }
        model.kernel().predict(table, BATCH);
        for (ModelSpec.Tensor o : spec.outputs()) {
            results.add(Arrays.copyOf(table[o.slot()], o.size() * BATCH));
        }
        return results.toArray(float[][]::new);
    }
}
