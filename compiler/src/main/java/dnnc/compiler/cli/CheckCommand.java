package dnnc.compiler.cli;

import dnnc.compiler.Pipeline;
import dnnc.compiler.check.Diagnostics;
import dnnc.compiler.check.SourceFile;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Parse and check a .dnn file: syntax, names and tensor shapes. Prints diagnostics as "
                + "file:line:col: error: message (or warning:), with the source line and a caret, or as JSON "
                + "with --format json. Exit code 0 when there are no errors (warnings allowed), 1 when there are.")
final class CheckCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE.dnn", description = "the model to check")
    Path file;

    @Option(names = "--format", paramLabel = "FORMAT", description = "text (default): diagnostics on standard error; "
            + "json: one JSON object on standard output, {\"file\", \"diagnostics\": [{\"severity\", \"message\", "
            + "\"range\", \"notes\"}]} (see docs/LANGUAGE.md)")
    Sources.Format format = Sources.Format.text;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        var err = spec.commandLine().getErr();
        var out = spec.commandLine().getOut();
        SourceFile source = Sources.read(file, format, out, err);
        if (source == null) {
            return Main.INPUT_ERROR;
        }
        Diagnostics diagnostics = new Diagnostics(source);
        Pipeline.check(source, diagnostics);
        Sources.print(diagnostics, format, out, err);
        if (format == Sources.Format.json) {
            return diagnostics.hasErrors() ? Main.INPUT_ERROR : Main.OK;
        }
        if (diagnostics.hasErrors()) {
            int n = diagnostics.errorCount();
            err.println(n + (n == 1 ? " error" : " errors"));
            return Main.INPUT_ERROR;
        }
        int warnings = diagnostics.all().size();
        out.println(file + ": ok" + (warnings == 0 ? "" : " (" + warnings + (warnings == 1 ? " warning)" : " warnings)")));
        return Main.OK;
    }
}
