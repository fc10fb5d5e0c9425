package dnnc.compiler.cli;

import dnnc.compiler.Pipeline;
import dnnc.compiler.check.Diagnostics;
import dnnc.compiler.check.SourceFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reading a .dnn file and compiling it, with every problem told to the user as one message. */
final class Sources {
    private Sources() {
    }

    /** The file, or null after printing why it cannot be read. */
    static SourceFile read(Path path, PrintWriter err) {
        try {
            if (Files.isDirectory(path)) {
                err.println("error: " + path + " is a folder, not a .dnn file");
                return null;
            }
            return SourceFile.read(path);
        } catch (NoSuchFileException e) {
            err.println("error: " + path + ": no such file");
        } catch (MalformedInputException e) {
            err.println("error: " + path + ": not a UTF-8 text file");
        } catch (IOException e) {
            err.println("error: " + path + ": cannot read: " + e.getMessage());
        }
        return null;
    }

    /** Reads and compiles {@code path}, printing why not; null when it cannot be read or has errors. */
    static Pipeline.Compiled readAndCompile(Path path, PrintWriter err) {
        SourceFile source = read(path, err);
        return source == null ? null : compile(source, err);
    }

    /** Compiles, printing diagnostics; null when there were errors. */
    static Pipeline.Compiled compile(SourceFile file, PrintWriter err) {
        Diagnostics diagnostics = new Diagnostics(file);
        Pipeline.Compiled compiled = Pipeline.compile(file, diagnostics);
        err.print(diagnostics.render());
        err.flush();
        return compiled;
    }
}
