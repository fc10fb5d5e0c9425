package dnnc.compiler.cli;

import dnnc.compiler.Pipeline;
import dnnc.compiler.ast.Span;
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

    /** How diagnostics are printed: the text format on standard error, or JSON on standard output. */
    enum Format { text, json }

    /** The file, or null after printing why it cannot be read. */
    static SourceFile read(Path path, PrintWriter err) {
        return read(path, Format.text, null, err);
    }

    /** The file, or null after printing why it cannot be read (in JSON, as a diagnostic without a range). */
    static SourceFile read(Path path, Format format, PrintWriter out, PrintWriter err) {
        String problem;
        try {
            if (Files.isDirectory(path)) {
                problem = "it is a folder, not a .dnn file";
            } else {
                return SourceFile.read(path);
            }
        } catch (NoSuchFileException e) {
            problem = "no such file";
        } catch (MalformedInputException e) {
            problem = "not a UTF-8 text file";
        } catch (IOException e) {
            problem = "cannot read: " + e.getMessage();
        }
        if (format == Format.json) {
            Diagnostics d = new Diagnostics(new SourceFile(path.toString(), ""));
            d.error(Span.NONE, problem);
            out.print(d.json());
            out.flush();
        } else {
            err.println("error: " + path + ": " + problem);
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
        return compile(file, Format.text, null, err);
    }

    static Pipeline.Compiled compile(SourceFile file, Format format, PrintWriter out, PrintWriter err) {
        Diagnostics diagnostics = new Diagnostics(file);
        Pipeline.Compiled compiled = Pipeline.compile(file, diagnostics);
        print(diagnostics, format, out, err);
        return compiled;
    }

    static void print(Diagnostics diagnostics, Format format, PrintWriter out, PrintWriter err) {
        if (format == Format.json) {
            out.print(diagnostics.json());
            out.flush();
        } else {
            err.print(diagnostics.render());
            err.flush();
        }
    }
}
