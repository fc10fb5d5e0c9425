package dnnc.compiler.cli;

import dnnc.compiler.Pipeline;
import dnnc.compiler.check.Diagnostics;
import dnnc.compiler.check.SourceFile;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Parse and check a .dnn file: syntax, names and tensor shapes. Prints diagnostics as "
                + "file:line:col: error: message, with the source line and a caret.")
final class CheckCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE.dnn", description = "the model to check")
    Path file;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        var err = spec.commandLine().getErr();
        SourceFile source = Sources.read(file, err);
        if (source == null) {
            return Main.INPUT_ERROR;
        }
        Diagnostics diagnostics = new Diagnostics(source);
        Pipeline.check(source, diagnostics);
        err.print(diagnostics.render());
        err.flush();
        if (diagnostics.hasErrors()) {
            int n = diagnostics.errorCount();
            err.println(n + (n == 1 ? " error" : " errors"));
            return Main.INPUT_ERROR;
        }
        spec.commandLine().getOut().println(file + ": ok");
        return Main.OK;
    }
}
