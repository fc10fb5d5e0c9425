package dnnc.compiler.cli;

import dnnc.compiler.Pipeline;
import dnnc.compiler.check.SourceFile;
import dnnc.compiler.show.GradCheck;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "gradcheck", mixinStandardHelpOptions = true,
        description = {"Compare every parameter's derived gradient with central finite differences of the loss, "
                + "in double precision, on random data of the model's shapes and the parameters' initial values.",
            "Prints the worst error per parameter, |derived - numeric| / max(1, |derived|, |numeric|); exits with 1 "
                + "when one is above the tolerance."})
final class GradcheckCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE.dnn", description = "the model")
    Path file;

    @Option(names = "--seed", description = "seed of the random data and initial parameters (default: ${DEFAULT-VALUE})")
    long seed = 0;

    @Option(names = "--batch", description = "examples in the random batch (default: ${DEFAULT-VALUE})")
    int batch = 4;

    @Option(names = "--elements", description = "elements checked per parameter, at random when it has more (default: ${DEFAULT-VALUE})")
    int elements = 50;

    @Option(names = "--tolerance", description = "the largest error accepted (default: ${DEFAULT-VALUE})")
    double tolerance = 1e-5;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        SourceFile source = Sources.read(file, spec.commandLine().getErr());
        if (source == null) {
            return Main.INPUT_ERROR;
        }
        if (batch < 1 || elements < 1) {
            spec.commandLine().getErr().println("error: --batch and --elements must be at least 1");
            return Main.USAGE;
        }
        Pipeline.Compiled compiled = Sources.compile(source, spec.commandLine().getErr());
        if (compiled == null) {
            return Main.INPUT_ERROR;
        }
        boolean ok = true;
        out.printf(Locale.ROOT, "%-24s %10s %12s  %s%n", "parameter", "checked", "worst error", "at (derived vs numeric)");
        for (GradCheck.Result r : GradCheck.run(compiled, seed, batch, elements)) {
            boolean pass = r.worstError() <= tolerance;
            ok &= pass;
            out.printf(Locale.ROOT, "%-24s %10s %12.3e  [%d] %.9g vs %.9g%s%n", r.param(), r.checked() + "/" + r.size(),
                    r.worstError(), r.worstIndex(), r.derived(), r.numeric(), pass ? "" : "  ABOVE TOLERANCE");
        }
        out.println(ok ? "ok: every gradient within " + tolerance : "FAILED: some gradients differ by more than " + tolerance);
        return ok ? Main.OK : Main.INPUT_ERROR;
    }
}
