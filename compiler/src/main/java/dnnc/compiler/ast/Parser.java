package dnnc.compiler.ast;

import dnnc.compiler.check.Diagnostics;
import dnnc.compiler.check.SourceFile;
import dnnc.grammar.DnnParser;
import java.util.List;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.Token;

/** The front end: .dnn text to AST, with every lexical and syntax error reported in plain words. */
public final class Parser {
    private Parser() {
    }

    /**
     * Parses {@code file}, reporting every lexical and syntax error to {@code diagnostics}. Never throws: with
     * errors the result may be partial, and callers should stop when {@code diagnostics.hasErrors()}.
     */
    public static Program parse(SourceFile file, Diagnostics diagnostics) {
        SyntaxErrors errors = new SyntaxErrors(diagnostics);
        // Some editors start UTF-8 files with a byte-order mark; it is not part of the program. It is invisible, so
        // columns on line 1 still match what the user sees.
        String text = file.text().startsWith("\uFEFF") ? file.text().substring(1) : file.text();
        DnnParser parser = new DnnParser(new CommonTokenStream(
                new ReportingLexer(CharStreams.fromString(text, file.path()), errors)));
        parser.removeErrorListeners();
        parser.addErrorListener(errors.listener());
        parser.setErrorHandler(new PlainWordsErrorStrategy(errors));
        try {
            DnnParser.ProgramContext tree = parser.program();
            return new AstBuilder(errors).program(tree);
        } catch (StackOverflowError e) {
            // Each '(' or unary '-' is a few nested calls in the recursive-descent parser. The stack is unwound by
            // now, so reporting is safe; the partial tree is dropped because building it could overflow again.
            errors.nestedTooDeeply(position(parser.getCurrentToken()));
        } catch (RuntimeException e) {
            // A bug here must not take the whole compiler down; say where parsing stopped instead.
            diagnostics.error(position(parser.getCurrentToken()), "internal error in the parser: " + e);
        }
        return new Program(List.of(), List.of());
    }

    private static Span position(Token t) {
        return t == null ? new Span(1, 1, 1, 1) : Spans.of(t);
    }
}
