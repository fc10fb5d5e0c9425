package dnnc.compiler.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dnnc.compiler.Pipeline;
import dnnc.compiler.TestModels;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a model jar tells its runtime about the model: the kernels it calls, for the JIT's warm-up. */
class JarWriterTest {

    @Test
    void anMlpCallsProductsButNeitherPoolingNorConvolution() {
        Set<String> kernels = JarWriter.kernelsCalled(TestModels.compile(TestModels.example("fashion_mlp.dnn"))
                .classBytes());
        assertTrue(kernels.contains("Gemm"), kernels.toString());
        assertFalse(kernels.contains("Pool"), kernels.toString());
        assertFalse(kernels.contains("Conv2d"), kernels.toString());
    }

    @Test
    void aCnnCallsPoolingAndConvolution() {
        Set<String> kernels = JarWriter.kernelsCalled(TestModels.compile(TestModels.example("fashion_cnn.dnn"))
                .classBytes());
        assertTrue(kernels.containsAll(Set.of("Gemm", "Pool", "Conv2d")), kernels.toString());
    }

    @Test
    void theJarListsTheKernelsOneALine(@TempDir Path dir) throws Exception {
        Pipeline.Compiled compiled = TestModels.compile(TestModels.example("fashion_mlp.dnn"));
        Path jar = dir.resolve("m.jar");
        JarWriter.write(jar, compiled.className(), compiled.classBytes());
        try (JarFile j = new JarFile(jar.toFile());
             InputStream in = j.getInputStream(j.getEntry(JarWriter.KERNELS_RESOURCE))) {
            String listed = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(String.join("\n", JarWriter.kernelsCalled(compiled.classBytes())) + "\n", listed);
        }
    }
}
