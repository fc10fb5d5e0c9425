package dnnc.compiler.codegen;

import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.commons.GeneratorAdapter;
import org.objectweb.asm.commons.Method;

/**
 * The generated class's Java API for embedding (docs/EMBEDDING.md): static factories of a
 * {@code dnnc.runtime.Predictor} for the model, so that a Java program writes {@code FashionMLP.load()}.
 * <pre>
 *   public static Predictor load()                                     the weights baked into the jar
 *   public static Predictor load(Path file) throws IOException         a weights file
 *   public static Predictor load(InputStream in) throws IOException    a weights file's bytes
 * </pre>
 */
final class EmbeddingMethods {
    private static final String PREDICTOR = "dnnc/runtime/Predictor";
    private static final String KERNEL = "Ldnnc/runtime/ModelKernel;";
    private static final String[] IO = {"java/io/IOException"};

    private EmbeddingMethods() {
    }

    static void write(ClassWriter cw, String internalName) {
        factory(cw, internalName, null, null);
        factory(cw, internalName, "Ljava/nio/file/Path;", IO);
        factory(cw, internalName, "Ljava/io/InputStream;", IO);
    }

    /** {@code public static Predictor load([arg])}: {@code return Predictor.load(new Model()[, arg]);}. */
    private static void factory(ClassWriter cw, String internalName, String argDesc, String[] exceptions) {
        String args = argDesc == null ? "" : argDesc;
        String desc = "(" + args + ")L" + PREDICTOR + ";";
        int access = Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC;
        GeneratorAdapter m = new GeneratorAdapter(cw.visitMethod(access, "load", desc, null, exceptions), access,
                "load", desc);
        Type model = Type.getObjectType(internalName);
        m.newInstance(model);
        m.dup();
        m.invokeConstructor(model, Method.getMethod("void <init> ()"));
        if (argDesc != null) {
            m.loadArg(0);
        }
        m.invokeStatic(Type.getObjectType(PREDICTOR), new Method("load", "(" + KERNEL + args + ")L" + PREDICTOR + ";"));
        m.returnValue();
        m.endMethod();
    }
}
