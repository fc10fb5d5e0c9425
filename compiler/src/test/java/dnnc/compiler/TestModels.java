package dnnc.compiler;

import static org.junit.jupiter.api.Assertions.fail;

import dnnc.compiler.check.CheckedModel;
import dnnc.compiler.check.Diagnostics;
import dnnc.compiler.check.SourceFile;
import dnnc.compiler.codegen.ModelLoader;
import dnnc.runtime.Model;
import java.io.IOException;
import java.nio.file.Path;

/** Compiling models for tests: from example files or from text, failing the test on any diagnostic error. */
public final class TestModels {
    private TestModels() {
    }

    public static SourceFile example(String name) {
        try {
            return SourceFile.read(Path.of("examples", name));
        } catch (IOException e) {
            throw new AssertionError("cannot read example " + name, e);
        }
    }

    /** Source text as if it were a file in examples/ (so relative data paths resolve there). */
    public static SourceFile source(String text) {
        return new SourceFile(Path.of("examples", "test.dnn").toString(), text);
    }

    public static CheckedModel check(SourceFile file) {
        Diagnostics d = new Diagnostics(file);
        CheckedModel m = Pipeline.check(file, d);
        if (m == null) {
            fail("expected a clean check, got:\n" + d.render());
        }
        return m;
    }

    public static Pipeline.Compiled compile(SourceFile file) {
        return Pipeline.generate(check(file));
    }

    public static Model load(Pipeline.Compiled compiled) {
        return new Model(ModelLoader.instantiate(compiled.className(), compiled.classBytes()));
    }
}
