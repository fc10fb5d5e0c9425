package dnnc.compiler.cli;

import dnnc.compiler.Pipeline;
import dnnc.compiler.check.SourceFile;
import dnnc.compiler.codegen.Bytecode;
import dnnc.compiler.codegen.JarWriter;
import dnnc.runtime.io.WeightsFileException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "compile", mixinStandardHelpOptions = true,
        description = "Compile a .dnn file to a self-contained jar: java -jar OUT.jar train|eval|predict|info.")
final class CompileCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE.dnn", description = "the model to compile")
    Path file;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT.jar", description = "the jar to write (default: the model file's name with .jar)")
    Path output;

    @Option(names = "--weights", paramLabel = "FILE",
            description = "bake these trained weights (from the jar's train --save) into the jar, so that predict,"
                    + " eval and the Java API need no weights file; a file for another model is an error")
    Path weights;

    @Option(names = "--dump-bytecode", description = "print a listing of the generated class")
    boolean dumpBytecode;

    @Option(names = "--format", paramLabel = "FORMAT", description = "text (default) or json: diagnostics as one "
            + "JSON object on standard output, as with check; other messages then go to standard error")
    Sources.Format format = Sources.Format.text;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter stdout = spec.commandLine().getOut();
        // In JSON mode standard output carries the JSON alone.
        PrintWriter out = format == Sources.Format.json ? err : stdout;
        SourceFile source = Sources.read(file, format, stdout, err);
        if (source == null) {
            return Main.INPUT_ERROR;
        }
        Pipeline.Compiled compiled = Sources.compile(source, format, stdout, err);
        if (compiled == null) {
            return Main.INPUT_ERROR;
        }
        if (dumpBytecode) {
            out.print(Bytecode.listing(compiled.classBytes()));
        }
        String problems = Bytecode.verify(compiled.classBytes());
        if (!problems.isEmpty()) {
            err.println("internal compiler error: the generated class does not verify:");
            err.println(problems);
            if (!dumpBytecode) {
                err.println("Run again with --dump-bytecode for a listing of the generated class.");
            }
            return Main.INTERNAL;
        }
        Path jar = output != null ? output : defaultJar(file);
        try {
            JarWriter.write(jar, compiled.className(), compiled.classBytes(), weights);
        } catch (WeightsFileException e) {
            err.println("error: " + e.getMessage());
            return Main.INPUT_ERROR;
        } catch (IOException e) {
            err.println("error: cannot write " + jar + ": " + e.getMessage());
            return Main.INPUT_ERROR;
        }
        out.println("wrote " + jar + " (model " + compiled.spec().name() + ", "
                + compiled.spec().parameterCount() + " parameters" + (weights == null ? "" : ", weights baked in")
                + ")");
        return Main.OK;
    }

    private static Path defaultJar(Path file) {
        String name = file.getFileName().toString().replaceFirst("\\.dnn$", "");
        return file.toAbsolutePath().resolveSibling(name + ".jar");
    }
}
