package dnnc.compiler.lsp;

import dnnc.compiler.Pipeline;
import dnnc.compiler.ast.Ident;
import dnnc.compiler.ast.Parser;
import dnnc.compiler.ast.Program;
import dnnc.compiler.ast.Span;
import dnnc.compiler.check.Diagnostic;
import dnnc.compiler.check.Diagnostics;
import dnnc.compiler.check.ModelChecker;
import dnnc.compiler.check.SourceFile;
import dnnc.compiler.check.Value;
import dnnc.compiler.ir.Shape;
import dnnc.runtime.ModelSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the server knows about one version of a document: the diagnostics of {@code dnnc check} (the same call,
 * so the same messages at the same positions), the AST's names and what they refer to, and what the checker
 * computed for each name (its value, so its shape) and each parameter it declared.
 */
final class Analysis {
    /** A parameter as the checker declared it: {@code W} for a {@code param}, {@code dense1.W} for a layer's. */
    record Param(String name, Shape shape, ModelSpec.Init init, Span span) {
    }

    final TextIndex text;
    final List<Diagnostic> diagnostics;
    final Program program;
    final Occurrences occurrences;
    /** Each name of the model, as the checker defined it; the value is null when its definition failed. */
    final Map<String, Value> values = new HashMap<>();
    final List<Param> params = new ArrayList<>();

    private Analysis(TextIndex text, List<Diagnostic> diagnostics, Program program) {
        this.text = text;
        this.diagnostics = diagnostics;
        this.program = program;
        this.occurrences = new Occurrences(program);
    }

    /** Analyses {@code text}, the content of the file at {@code path} (which locates relative data paths). */
    static Analysis of(String text, Path path) {
        SourceFile file = new SourceFile(path.toString(), text);
        Recorder recorder = new Recorder();
        Diagnostics diagnostics = new Diagnostics(file);
        boolean checked;
        try {
            Pipeline.check(file, diagnostics, recorder);
            checked = true;
        } catch (RuntimeException | StackOverflowError e) {
            // dnnc check would call this an internal error; the editor shows it on the first line.
            diagnostics.error(new Span(1, 1, 1, 1), "internal compiler error: " + e);
            checked = false;
        }
        Diagnostics scratch = new Diagnostics(file);
        Program program = Parser.parse(file, scratch);
        if (checked && scratch.hasErrors()) {
            // With syntax errors the checker did not run; run it on what did parse, quietly, so that hovers and
            // completion still know the shapes of the lines above the one being typed.
            try {
                Path dir = path.toAbsolutePath().getParent();
                new ModelChecker(new Diagnostics(file), dir).listener(recorder).check(program);
            } catch (RuntimeException | StackOverflowError e) {
                // a partial tree the checker cannot take: keep what was recorded
            }
        }
        Analysis a = new Analysis(new TextIndex(text), diagnostics.all(), program);
        a.values.putAll(recorder.values);
        a.params.addAll(recorder.params);
        return a;
    }

    /** The parameters a layer call at {@code callSpan} declared, or the {@code param} named {@code name}. */
    List<Param> paramsAt(Span callSpan) {
        return params.stream().filter(p -> p.span().equals(callSpan)).toList();
    }

    Param param(String name) {
        return params.stream().filter(p -> p.name().equals(name)).findFirst().orElse(null);
    }

    private static final class Recorder implements ModelChecker.Listener {
        final Map<String, Value> values = new HashMap<>();
        final List<Param> params = new ArrayList<>();

        @Override
        public void defined(Ident name, Value value) {
            values.putIfAbsent(name.name(), value);
        }

        @Override
        public void declaredParam(String name, Shape shape, ModelSpec.Init init, Span span) {
            params.add(new Param(name, shape, init, span));
        }
    }
}
