package dnnc.runtime.cli;

import dnnc.runtime.Model;
import dnnc.runtime.ModelKernel;
import dnnc.runtime.Predictor;
import dnnc.runtime.data.DataException;
import dnnc.runtime.train.OptimizerException;
import dnnc.runtime.train.TrainingDivergedException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.util.List;

/**
 * The command line of a model jar: {@code java -jar model.jar train|eval|predict|info}. Every failure the
 * user can cause ends in one line {@code error: ...} and exit code 2 (command-line mistake) or 1 (bad input
 * or data); set the environment variable {@code DNNC_DEBUG} to also get stack traces of unexpected errors.
 */
public final class ModelMain {
    /** Where the packager records the generated kernel's binary class name. */
    public static final String MODEL_RESOURCE = "/META-INF/dnnc/model";
    /** Where the packager lists the runtime kernel classes the model calls (for {@code KernelWarmUp}). */
    public static final String KERNELS_RESOURCE = "/META-INF/dnnc/kernels";

    private static final List<String> COMMANDS = List.of("train", "eval", "predict", "info", "help");

    private ModelMain() {
    }

    public static void main(String[] args) {
        args = Launcher.start(ModelMain.class, args);   // the fast path: relaunch with the Vector API if needed
        ModelKernel kernel;
        try {
            kernel = loadKernel();
        } catch (IOException | ReflectiveOperationException | ClassCastException e) {
            System.err.println("error: cannot load the model in this jar: " + e);
            System.exit(1);
            return;
        }
        System.exit(run(kernel, args, System.out, System.err));
    }

    /** Runs one command and returns its exit code; never throws for user mistakes. */
    public static int run(ModelKernel kernel, String[] args, PrintStream out, PrintStream err) {
        return run(kernel, args, out, err, DataAccess.FILES, out == System.out && System.console() != null);
    }

    static int run(ModelKernel kernel, String[] args, PrintStream out, PrintStream err, DataAccess data) {
        return run(kernel, args, out, err, data, false);
    }

    /**
     * {@link #run(ModelKernel, String[], PrintStream, PrintStream)} reading data through {@code data}; with
     * {@code terminal}, training shows a progress bar instead of plain lines.
     */
    static int run(ModelKernel kernel, String[] args, PrintStream out, PrintStream err, DataAccess data,
                   boolean terminal) {
        try {
            return dispatch(kernel, args, out, data, terminal);
        } catch (UsageException | InvalidPathException e) {
            err.println("error: " + e.getMessage());
            return 2;
        } catch (DataException | TrainingDivergedException | OptimizerException e) {
            err.println("error: " + e.getMessage());
            return 1;
        } catch (IOException e) {
            err.println("error: " + describe(e));
            return 1;
        } catch (RuntimeException e) {
            err.println("error: unexpected failure: " + e);
            if (System.getenv("DNNC_DEBUG") != null) {
                e.printStackTrace(err);
            }
            return 1;
        } finally {
            out.flush();
        }
    }

    private static int dispatch(ModelKernel kernel, String[] args, PrintStream out, DataAccess data, boolean terminal)
            throws IOException {
        Model model = new Model(kernel);
        String name = model.name();
        if (args.length == 0) {
            throw new UsageException("no command given; expected train, eval, predict, info or --help");
        }
        String command = args[0];
        switch (command) {
            case "--help", "-h" -> out.print(String.format(HelpText.FULL, name));
            case "--version" -> out.println(name + " (dnnc runtime " + version() + ")");
            case "help" -> out.print(String.format(helpFor(args.length > 1 ? args[1] : "help"), name));
            case "info" -> {
                if (new Options("info").parse(args, 1).help()) {
                    out.print(String.format(HelpText.INFO, name));
                } else {
                    InfoCommand.print(model.spec(), out, version(), Predictor.hasBakedWeights(kernel));
                }
            }
            case "train" -> runCommand(model, TrainCommand.options().parse(args, 1), out, data, "train", terminal);
            case "eval" -> runCommand(model, Commands.evalOptions().parse(args, 1), out, data, "eval", terminal);
            case "predict" -> runCommand(model, Commands.predictOptions().parse(args, 1), out, data, "predict",
                    terminal);
            case "gradients" -> GradientsCommand.run(model, args, out);
            default -> throw new UsageException("unknown command '" + command + "'" + Suggest.hint(command, COMMANDS)
                    + " (expected train, eval, predict, info or --help)");
        }
        return 0;
    }

    private static void runCommand(Model model, Options options, PrintStream out, DataAccess data,
                                   String command, boolean terminal) throws IOException {
        if (options.help()) {
            out.print(String.format(HelpText.forCommand(command), model.name()));
            return;
        }
        Commands commands = new Commands(model, out, data);
        switch (command) {
            case "train" -> new TrainCommand(model, out, data, terminal).run(options);
            case "eval" -> commands.eval(options);
            default -> commands.predict(options);
        }
    }

    private static String helpFor(String command) {
        String text = HelpText.forCommand(command);
        if (text == null) {
            throw new UsageException("no help for '" + command + "'" + Suggest.hint(command, COMMANDS));
        }
        return text;
    }

    private static String describe(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file: " + e.getMessage();
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied: " + e.getMessage();
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    private static String version() {
        String v = ModelMain.class.getPackage().getImplementationVersion();
        return v == null ? "development build" : v;
    }

    private static ModelKernel loadKernel() throws IOException, ReflectiveOperationException {
        try (InputStream in = ModelMain.class.getResourceAsStream(MODEL_RESOURCE)) {
            if (in == null) {
                throw new IOException(MODEL_RESOURCE + " is missing");
            }
            String className = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
            if (className == null || className.isBlank()) {
                throw new IOException(MODEL_RESOURCE + " is empty");
            }
            return Class.forName(className.trim()).asSubclass(ModelKernel.class)
                    .getDeclaredConstructor().newInstance();
        }
    }
}
