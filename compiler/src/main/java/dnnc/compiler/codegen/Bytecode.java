package dnnc.compiler.codegen;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.util.CheckClassAdapter;
import org.objectweb.asm.util.TraceClassVisitor;

/** Reading generated classes back: a listing for people, and the verifier's opinion. */
public final class Bytecode {
    private Bytecode() {
    }

    /** A readable listing of the class, one instruction a line. */
    public static String listing(byte[] classBytes) {
        StringWriter out = new StringWriter();
        new ClassReader(classBytes).accept(new TraceClassVisitor(new PrintWriter(out)), 0);
        return out.toString();
    }

    /** Problems the bytecode verifier finds (with the runtime classes on the class path), or "" when none. */
    public static String verify(byte[] classBytes) {
        StringWriter out = new StringWriter();
        try {
            CheckClassAdapter.verify(new ClassReader(classBytes), Bytecode.class.getClassLoader(), false,
                    new PrintWriter(out));
        } catch (RuntimeException e) {
            out.write(e.toString());
        }
        return out.toString();
    }
}
