package dnnc.compiler.lsp;

import dnnc.compiler.ast.Expr;
import dnnc.compiler.ast.FnDef;
import dnnc.compiler.ast.Ident;
import dnnc.compiler.ast.Member;
import dnnc.compiler.ast.ModelDef;
import dnnc.compiler.ast.Span;
import dnnc.compiler.check.Value;
import dnnc.compiler.check.Vocabulary;
import dnnc.compiler.ir.GraphBuilder;
import dnnc.compiler.ops.Builtin;
import dnnc.compiler.ops.Builtins;
import dnnc.compiler.ops.Signature;
import dnnc.runtime.ModelSpec;
import java.util.List;
import java.util.Locale;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.MarkupContent;
import org.eclipse.lsp4j.MarkupKind;
import org.eclipse.lsp4j.Position;

/** What hovering on a name shows: a value's shape, a parameter's initializer and size, a function's signature. */
final class Hovers {
    private Hovers() {
    }

    static Hover hover(Analysis a, Position p) {
        Occurrences.Occurrence o = a.occurrences.at(a.text, p);
        if (o == null) {
            return null;
        }
        String text = switch (o.kind()) {
            case MODEL_NAME -> o.definition() == null ? code(o.name()) + "\nunknown name" : modelName(a, o.name());
            case LOCAL -> local(a, o);
            case FUNCTION -> function(a.occurrences.function(o.name()));
            case CALLEE -> callee(a, o);
            case ARG_NAME -> argName(a, o);
            case SETTING -> code(o.name()) + "\n" + o.owner() + " setting";
            case WORD -> word(o.name());
        };
        if (text == null) {
            return null;
        }
        return new Hover(new MarkupContent(MarkupKind.MARKDOWN, text), a.text.range(o.ident().span()));
    }

    private static String code(String line) {
        return "```dnn\n" + line + "\n```";
    }

    private static String modelName(Analysis a, String name) {
        Analysis.Param param = a.param(name);
        if (param != null) {
            StringBuilder s = new StringBuilder(code("param " + name + ": " + param.shape()));
            s.append("\ninitializer: ");
            Expr written = writtenInit(a, name);
            if (written != null) {
                s.append('`').append(source(a, written.span())).append("` → ");
            } else {
                s.append("default → ");
            }
            s.append(init(param.init())).append("  \n");
            int n = param.shape().size();
            s.append(n).append(n == 1 ? " element" : " elements");
            return s.toString();
        }
        if (!a.values.containsKey(name)) {
            return code(name) + "\nnot checked: an earlier error stops the checker before this line";
        }
        Value v = a.values.get(name);
        if (v == null) {
            return code(name) + "\nits definition has an error";
        }
        if (v instanceof Value.Tensor t) {
            var shape = t.node().shape();
            if (t.isConstant()) {
                return code(name + " = " + GraphBuilder.formatNumber(t.constant()));
            }
            return code(name + ": " + shape) + "\n" + (shape.batched()
                    ? "each example is " + shape.dimsText() + "; B is the batch size"
                    : "the same for every example");
        }
        if (v instanceof Value.Labels l) {
            return code(name + ": label[" + l.classes() + "]") + "\nclass labels, one per example: [B]";
        }
        return code(name) + "\n" + Value.describe(v);
    }

    /** The initializer written after {@code param name: float[...] =}, or null. */
    private static Expr writtenInit(Analysis a, String name) {
        for (ModelDef m : a.program.models()) {
            for (Member member : m.members()) {
                if (member instanceof Member.Param p && p.name().name().equals(name)) {
                    return p.init();
                }
            }
        }
        return null;
    }

    private static String source(Analysis a, Span span) {
        var r = a.text.range(span);
        int from = a.text.offset(r.getStart());
        int to = a.text.offset(r.getEnd());
        String s = from < to ? a.text.text().substring(from, to) : "";
        return s.replaceAll("\\s+", " ");
    }

    static String init(ModelSpec.Init init) {
        return switch (init.kind()) {
            case "constant" -> "constant " + GraphBuilder.formatNumber(init.a());
            case "normal" -> "normal(mean " + number(init.a()) + ", std " + number(init.b()) + ")";
            default -> "uniform(" + number(init.a()) + ", " + number(init.b()) + ")";
        };
    }

    private static String number(double v) {
        return v == Math.rint(v) ? GraphBuilder.formatNumber(v) : String.format(Locale.ROOT, "%.4g", v);
    }

    private static String local(Analysis a, Occurrences.Occurrence o) {
        FnDef fn = a.occurrences.function(o.owner());
        boolean isArg = fn != null && fn.params().stream().anyMatch(p -> p.span().equals(o.definition()));
        return code(o.name()) + "\n" + (isArg ? "argument" : "local value") + " of `" + signature(fn)
                + "`; its shape is the one of each call";
    }

    private static String signature(FnDef fn) {
        return fn == null ? "?" : "fn " + fn.name().name() + "("
                + String.join(", ", fn.params().stream().map(Ident::name).toList()) + ")";
    }

    private static String function(FnDef fn) {
        return fn == null ? null : code(signature(fn)) + "\nuser function; each call has parameters of its own";
    }

    private static String callee(Analysis a, Occurrences.Occurrence o) {
        String name = o.name();
        Builtin b = Builtins.get(name);
        if (b != null) {
            StringBuilder s = new StringBuilder(code(b.signature().toString())).append('\n').append(b.doc());
            List<Analysis.Param> declared = a.paramsAt(o.call().span());
            if (!declared.isEmpty()) {
                s.append("\n\nparameters of this call:");
                for (Analysis.Param p : declared) {
                    s.append("\n- `").append(p.name()).append(": ").append(p.shape()).append("` ")
                            .append(init(p.init())).append(", ").append(p.shape().size()).append(" elements");
                }
            }
            return s.toString();
        }
        String kind = settingsFunctionKind(name);
        return kind == null ? null : code(settingsSignature(name)) + "\n" + kind;
    }

    /** What a function of the train or data block is, or null: "optimizer", "learning-rate schedule", ... */
    static String settingsFunctionKind(String name) {
        if (Vocabulary.optimizers().containsKey(name)) {
            return "optimizer (train block)";
        } else if (Vocabulary.schedules().containsKey(name)) {
            return "learning-rate schedule (train block)";
        } else if (Vocabulary.augmentations().containsKey(name)) {
            return "augmentation of the training images (train block): random shifts by up to `shift` pixels,"
                    + " zero-filled, and left-right flips";
        } else if (Vocabulary.dataFormats().containsKey(name)) {
            return "data source (data block)";
        }
        return null;
    }

    /** The argument names of a train or data block function, or null. */
    static List<String> settingsArgs(String name) {
        if (Vocabulary.optimizers().containsKey(name)) {
            return Vocabulary.optimizers().get(name);
        } else if (Vocabulary.schedules().containsKey(name)) {
            return Vocabulary.schedules().get(name);
        } else if (Vocabulary.augmentations().containsKey(name)) {
            return Vocabulary.augmentations().get(name);
        }
        return Vocabulary.dataFormats().get(name);
    }

    static String settingsSignature(String name) {
        return name + "(" + String.join(", ", settingsArgs(name)) + ")";
    }

    private static String argName(Analysis a, Occurrences.Occurrence o) {
        String callee = o.owner();
        Builtin b = Builtins.get(callee);
        FnDef fn = a.occurrences.function(callee);
        if (fn != null) {
            return code(o.name()) + "\nargument of `" + signature(fn) + "`";
        }
        if (b != null) {
            Signature sig = b.signature();
            int i = sig.indexOf(o.name());
            if (i < 0) {
                return null;
            }
            String dflt = sig.defaultText(i);
            return code(o.name() + (dflt == null ? "" : " = " + dflt)) + "\nargument of `" + sig + "`";
        }
        return settingsFunctionKind(callee) == null || !settingsArgs(callee).contains(o.name()) ? null
                : code(o.name()) + "\nargument of `" + settingsSignature(callee) + "`";
    }

    private static String word(String name) {
        if (name.equals("params")) {
            return code("params") + "\nevery parameter of the model; only in the loss, e.g. `1e-4 * l2(params)`";
        } else if (name.equals("true") || name.equals("false")) {
            return code(name) + "\nboolean";
        } else if (Vocabulary.words().contains(name)) {
            return code(name) + "\ninitializer";
        }
        return code(name) + "\nunknown name";
    }
}
