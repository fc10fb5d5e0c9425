package dnnc.compiler.check;

import dnnc.compiler.ast.Span;
import java.util.List;

/**
 * One message about the source. {@code notes} are extra lines, each starting with "note: " or "help: ".
 */
public record Diagnostic(Severity severity, Span span, String message, List<String> notes) {

    public enum Severity {
        ERROR, WARNING;

        public String label() {
            return name().toLowerCase();
        }
    }
}
