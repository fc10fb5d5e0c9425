package dnnc.compiler.cli;

import dnnc.compiler.Pipeline;
import dnnc.compiler.check.SourceFile;
import dnnc.compiler.show.MathPrinter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "grad", mixinStandardHelpOptions = true,
        description = {"Print the gradient of the loss with respect to every parameter, as the compiler derived "
                + "and simplified it, in the language's notation: d(W) = transpose(x) @ t3.",
            "Values used more than once are printed once as t1 = ...; outputs and the loss by their names. "
                + "axis = batch is the batch axis; step(x) is 1 where x > 0, else 0."})
final class GradCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE.dnn", description = "the model")
    Path file;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        SourceFile source = Sources.read(file, spec.commandLine().getErr());
        if (source == null) {
            return Main.INPUT_ERROR;
        }
        Pipeline.Compiled compiled = Sources.compile(source, spec.commandLine().getErr());
        if (compiled == null) {
            return Main.INPUT_ERROR;
        }
        spec.commandLine().getOut().print(MathPrinter.gradients(compiled.graph()));
        spec.commandLine().getOut().flush();
        return Main.OK;
    }
}
