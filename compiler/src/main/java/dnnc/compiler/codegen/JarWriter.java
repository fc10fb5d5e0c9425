package dnnc.compiler.codegen;

import dnnc.runtime.Model;
import dnnc.runtime.io.AtomicFiles;
import dnnc.runtime.io.WeightsFile;
import dnnc.runtime.io.WeightsFileException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.commons.ClassRemapper;
import org.objectweb.asm.commons.Remapper;

/**
 * Packs a model jar: the generated class, and exactly the runtime classes it and the jar's command line
 * reach (found by following the references in their bytecode), so the jar runs with nothing but a JDK and
 * carries no compiler, ASM or ANTLR.
 */
public final class JarWriter {
    public static final String MAIN_CLASS = "dnnc/runtime/cli/ModelMain";
    public static final String MODEL_RESOURCE = "META-INF/dnnc/model";
    /** The runtime kernel classes the model calls, one simple name a line: what the jar's JIT warm-up compiles. */
    public static final String KERNELS_RESOURCE = "META-INF/dnnc/kernels";
    private static final String KERNELS_PACKAGE = "dnnc/runtime/kernels/";
    private static final String RUNTIME_PREFIX = "dnnc/runtime/";

    private JarWriter() {
    }

    /** Writes the jar to a temporary file beside {@code out}, then moves it into place. */
    public static void write(Path out, String className, byte[] classBytes) throws IOException {
        write(out, className, classBytes, null);
    }

    /**
     * {@link #write(Path, String, byte[])}, baking {@code weights} (a weights file, or null for none) into the
     * jar as the resource {@code dnnc/generated/Name.weights}, where {@code Predictor.load} and the jar's
     * {@code predict} and {@code eval} find it. The file is first loaded into the model: one that does not fit
     * it throws a {@link WeightsFileException} and no jar is written.
     */
    public static void write(Path out, String className, byte[] classBytes, Path weights) throws IOException {
        byte[] weightBytes = weights == null ? null : checkedWeights(className, classBytes, weights);
        Map<String, byte[]> classes = runtimeClosure(classBytes);
        classes.put(className.replace('.', '/'), classBytes);
        Files.createDirectories(out.toAbsolutePath().getParent());
        AtomicFiles.write(out, file -> {
            JarOutputStream jar = new JarOutputStream(file, manifest());
            entry(jar, MODEL_RESOURCE, (className + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            entry(jar, KERNELS_RESOURCE, String.join("\n", kernelsCalled(classBytes))
                    .concat("\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            if (weightBytes != null) {
                entry(jar, className.replace('.', '/') + ".weights", weightBytes);
            }
            for (Map.Entry<String, byte[]> c : classes.entrySet()) {
                entry(jar, c.getKey() + ".class", c.getValue());
            }
            jar.finish();   // AtomicFiles closes the file
        });
    }

    /** The bytes of {@code weights}, after loading them into the model to prove that they fit it. */
    private static byte[] checkedWeights(String className, byte[] classBytes, Path weights) throws IOException {
        byte[] bytes;
        Model model = new Model(ModelLoader.instantiate(className, classBytes));
        long max = WeightsFile.maxSize(model.spec());
        try (InputStream in = Files.newInputStream(weights)) {
            bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
        } catch (NoSuchFileException e) {
            throw new WeightsFileException("weights file " + weights + " does not exist");
        }
        if (bytes.length > max) {
            throw new WeightsFileException("weights file " + weights + " is longer than any weights file for model '"
                    + model.name() + "' (at most " + max + " bytes)");
        }
        WeightsFile.load(model, new ByteArrayInputStream(bytes), weights.toString());
        return bytes;
    }

    /** The dnnc version, as the jar's manifest records it ({@code Implementation-Version}). */
    public static String version() {
        String v = JarWriter.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0" : v;
    }

    private static Manifest manifest() {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().put(Attributes.Name.MAIN_CLASS, MAIN_CLASS.replace('/', '.'));
        m.getMainAttributes().putValue("Created-By", "dnnc");
        m.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_TITLE, "dnnc");
        m.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_VERSION, version());
        return m;
    }

    private static void entry(JarOutputStream jar, String name, byte[] bytes) throws IOException {
        JarEntry e = new JarEntry(name);
        e.setTime(0);   // same input, same jar
        jar.putNextEntry(e);
        jar.write(bytes);
        jar.closeEntry();
    }

    /** The runtime classes reachable from the generated class and the jar's main class, by internal name. */
    public static Map<String, byte[]> runtimeClosure(byte[] generated) throws IOException {
        Map<String, byte[]> found = new TreeMap<>();
        Deque<String> work = new ArrayDeque<>();
        work.add(MAIN_CLASS);
        references(generated, work);
        while (!work.isEmpty()) {
            String name = work.pop();
            if (!name.startsWith(RUNTIME_PREFIX) || found.containsKey(name)) {
                continue;
            }
            byte[] bytes = load(name);
            found.put(name, bytes);
            references(bytes, work);
        }
        return found;
    }

    private static byte[] load(String internalName) throws IOException {
        try (InputStream in = JarWriter.class.getClassLoader().getResourceAsStream(internalName + ".class")) {
            if (in == null) {
                throw new IOException("runtime class not found on the compiler's class path: " + internalName);
            }
            return in.readAllBytes();
        }
    }

    /** The simple names of the runtime kernel classes whose methods the generated class calls, sorted. */
    static Set<String> kernelsCalled(byte[] classBytes) {
        Set<String> names = new TreeSet<>();
        new ClassReader(classBytes).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                    String[] exceptions) {
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitMethodInsn(int opcode, String owner, String method, String desc, boolean itf) {
                        if (owner.startsWith(KERNELS_PACKAGE)) {
                            names.add(owner.substring(KERNELS_PACKAGE.length()));
                        }
                    }
                };
            }
        }, ClassReader.SKIP_DEBUG);
        return names;
    }

    /** Adds every class name that {@code classBytes} mentions to {@code out}. */
    private static void references(byte[] classBytes, Deque<String> out) {
        Remapper collector = new Remapper() {
            @Override
            public String map(String internalName) {
                out.add(internalName);
                return internalName;
            }
        };
        new ClassReader(classBytes).accept(new ClassRemapper(new ClassWriter(0), collector), 0);
    }
}
