package dnnc.compiler.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code dnnc}: the compiler's command line. Exit codes: 0 success, 1 a problem with the input (the .dnn
 * file, its data), 2 bad command-line use, 3 an internal compiler error.
 */
@Command(name = "dnnc", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Compiles neural networks written in the dnn language to self-contained JVM jars.",
        subcommands = {CheckCommand.class, CompileCommand.class, RunCommand.class, GradCommand.class, GraphCommand.class,
            GradcheckCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Exit codes: 0 success, 1 errors in the input, 2 bad command-line use, 3 internal error."})
public final class Main implements Runnable {
    public static final int OK = 0;
    public static final int INPUT_ERROR = 1;
    public static final int USAGE = 2;
    public static final int INTERNAL = 3;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line with the given streams; never throws for a user's mistake. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExitCodeExceptionMapper(e -> USAGE);
        cli.setParameterExceptionHandler((ex, a) -> {
            ex.getCommandLine().getErr().println("error: " + ex.getMessage());
            ex.getCommandLine().getErr().println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName()
                    + " --help' for more information.");
            return USAGE;
        });
        cli.setExecutionExceptionHandler((ex, c, parseResult) -> {
            c.getErr().println("internal compiler error: " + ex);
            for (StackTraceElement e : ex.getStackTrace()) {
                c.getErr().println("    at " + e);
            }
            c.getErr().println("Please report this with the .dnn file that caused it.");
            return INTERNAL;
        });
        return cli.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"dnnc " + (v == null ? "0.1.0" : v)};
        }
    }
}
