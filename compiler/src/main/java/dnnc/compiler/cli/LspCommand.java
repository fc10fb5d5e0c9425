package dnnc.compiler.cli;

import dnnc.compiler.lsp.DnnLanguageServer;
import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "lsp", mixinStandardHelpOptions = true,
        description = "Run the language server for editors, speaking the Language Server Protocol over standard "
                + "input and output: diagnostics as you type (those of dnnc check), hover with shapes and "
                + "signatures, completion, go to definition.")
final class LspCommand implements Callable<Integer> {
    @Option(names = "--stdio", description = "talk over standard input and output (the default and only way)")
    boolean stdio;

    @Override
    public Integer call() {
        // Standard output is the protocol's channel: whatever else would print there goes to standard error.
        OutputStream protocol = new FileOutputStream(FileDescriptor.out);
        PrintStream previous = System.out;
        System.setOut(System.err);
        try {
            return DnnLanguageServer.serve(System.in, protocol);
        } finally {
            System.setOut(previous);
        }
    }
}
