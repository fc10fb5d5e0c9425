package dnnc.compiler.cli;

import dnnc.compiler.Pipeline;
import dnnc.compiler.show.DotWriter;
import dnnc.runtime.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "graph", mixinStandardHelpOptions = true,
        description = "Write the model's graph (after simplification) in Graphviz DOT: the loss and outputs, and "
                + "with --grad the gradients too. Render it with: dot -Tsvg graph.dot -o graph.svg")
final class GraphCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE.dnn", description = "the model")
    Path file;

    @Option(names = "--grad", description = "include the gradient of every parameter")
    boolean grad;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE.dot", description = "where to write (default: standard output)")
    Path output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Pipeline.Compiled compiled = Sources.readAndCompile(file, spec.commandLine().getErr());
        if (compiled == null) {
            return Main.INPUT_ERROR;
        }
        String dot = DotWriter.write(compiled.graph(), grad, compiled.spec().name());
        if (output == null) {
            spec.commandLine().getOut().print(dot);
            spec.commandLine().getOut().flush();
            return Main.OK;
        }
        try {
            AtomicFiles.writeString(output, dot);   // never half-written
        } catch (IOException e) {
            spec.commandLine().getErr().println("error: cannot write " + output + ": " + e.getMessage());
            return Main.INPUT_ERROR;
        }
        return Main.OK;
    }
}
