package dnnc.compiler.ops;

import dnnc.compiler.check.CallSite;
import dnnc.compiler.check.Value;
import java.util.function.Function;

/**
 * A function the language offers: its signature, a one-line description (for docs, hovers and messages)
 * and how a call becomes IR. The shape rule of a composite is the checks it makes here; its gradient comes
 * from the primitives it is built of.
 */
public record Builtin(Signature signature, String doc, Function<CallSite, Value> apply) {

    public String name() {
        return signature.name();
    }
}
