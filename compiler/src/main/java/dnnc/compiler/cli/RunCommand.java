package dnnc.compiler.cli;

import dnnc.compiler.Pipeline;
import dnnc.compiler.check.SourceFile;
import dnnc.compiler.codegen.ModelLoader;
import dnnc.runtime.ModelKernel;
import dnnc.runtime.cli.ModelMain;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Compile a .dnn file in memory and train it, for quick iteration.",
            "Options after the file are the model jar's train options: --epochs N --batch N --lr X --seed N "
                + "--save FILE --metrics-json FILE --train PATH --test PATH (see java -jar model.jar train --help)."})
final class RunCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE.dnn", description = "the model to train")
    Path file;

    @Unmatched
    List<String> trainOptions = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        SourceFile source = Sources.read(file, err);
        if (source == null) {
            return Main.INPUT_ERROR;
        }
        Pipeline.Compiled compiled = Sources.compile(source, err);
        if (compiled == null) {
            return Main.INPUT_ERROR;
        }
        ModelKernel kernel = ModelLoader.instantiate(compiled.className(), compiled.classBytes());
        List<String> args = new ArrayList<>();
        args.add("train");
        args.addAll(trainOptions);
        spec.commandLine().getOut().flush();
        err.flush();
        return ModelMain.run(kernel, args.toArray(String[]::new), System.out, System.err);
    }
}
