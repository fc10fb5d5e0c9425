package dnnc.compiler.lsp;

import dnnc.compiler.ast.Binding;
import dnnc.compiler.ast.Expr;
import dnnc.compiler.ast.FnDef;
import dnnc.compiler.ast.Ident;
import dnnc.compiler.ast.Member;
import dnnc.compiler.ast.ModelDef;
import dnnc.compiler.ast.Program;
import dnnc.compiler.ast.Span;
import dnnc.compiler.check.Vocabulary;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every name written in a program, with what it is and, for a name that refers to a definition, where that
 * definition is. Built from the AST alone, with the checker's scoping: a model's names are its inputs, targets,
 * parameters, outputs and named values; a function sees only its own arguments and locals.
 */
final class Occurrences {
    enum Kind {
        /** A model's input, target, param, output or named value, where it is defined or used. */
        MODEL_NAME,
        /** A function's argument or local, where it is defined or used. */
        LOCAL,
        /** A user function's name, where it is defined or called. */
        FUNCTION,
        /** The callee of a call that is not a user function: a built-in, an optimizer, a schedule, a format. */
        CALLEE,
        /** An argument's name: {@code lr} in {@code adam(lr = 1e-3)}. */
        ARG_NAME,
        /** A key of a train or data block. */
        SETTING,
        /** A name that no definition covers: an initializer word, true/false, params, or an unknown name. */
        WORD
    }

    /**
     * One name as written. {@code definition} is the span of the name that defines it (its own span at a
     * definition; null for a name with no definition). {@code owner} is the callee for an argument name, the
     * block kind for a setting, the function for a local; {@code call} is the whole call for a callee.
     */
    record Occurrence(Ident ident, Kind kind, Span definition, String owner, Expr.Call call) {
        String name() {
            return ident.name();
        }
    }

    private final List<Occurrence> all = new ArrayList<>();
    private final Map<String, FnDef> functions = new HashMap<>();

    Occurrences(Program program) {
        for (FnDef fn : program.functions()) {
            functions.putIfAbsent(fn.name().name(), fn);
        }
        for (FnDef fn : program.functions()) {
            function(fn);
        }
        for (ModelDef model : program.models()) {
            model(model);
        }
    }

    List<Occurrence> all() {
        return all;
    }

    FnDef function(String name) {
        return functions.get(name);
    }

    /** The occurrence whose name the position is on (or just after), or null. */
    Occurrence at(TextIndex text, org.eclipse.lsp4j.Position p) {
        Occurrence best = null;
        for (Occurrence o : all) {
            if (text.touches(o.ident().span(), p)) {
                // Just after one name and on the next ("a+b" with the cursor before b): the one it is on wins.
                if (best == null || TextIndex.compare(text.range(o.ident().span()).getStart(), p) == 0) {
                    best = o;
                }
            }
        }
        return best;
    }

    private void function(FnDef fn) {
        String owner = fn.name().name();
        add(fn.name(), Kind.FUNCTION, fn.name().span(), null, null);
        Map<String, Span> scope = new HashMap<>();
        for (Ident p : fn.params()) {
            scope.putIfAbsent(p.name(), p.span());
            add(p, Kind.LOCAL, p.span(), owner, null);
        }
        for (Binding let : fn.lets()) {
            if (let == null) {
                continue;
            }
            expr(let.value(), scope, Kind.LOCAL, owner);
            scope.putIfAbsent(let.name().name(), let.name().span());
            add(let.name(), Kind.LOCAL, scope.get(let.name().name()), owner, null);
        }
        expr(fn.body(), scope, Kind.LOCAL, owner);
    }

    private void model(ModelDef model) {
        // Every definition first, so that a use before its definition still leads to it.
        Map<String, Span> scope = new HashMap<>();
        for (Member m : model.members()) {
            Ident defined = null;
            if (m instanceof Member.Input in) {
                defined = in.name();
            } else if (m instanceof Member.Target t) {
                defined = t.name();
            } else if (m instanceof Member.Param p) {
                defined = p.name();
            } else if (m instanceof Member.Output o && o.value() != null) {
                defined = o.name();
            } else if (m instanceof Member.Let let) {
                defined = let.binding().name();
            }
            if (defined != null) {
                scope.putIfAbsent(defined.name(), defined.span());
            }
        }
        for (Member m : model.members()) {
            if (m instanceof Member.Input in) {
                name(in.name(), scope);
            } else if (m instanceof Member.Target t) {
                name(t.name(), scope);
            } else if (m instanceof Member.Param p) {
                name(p.name(), scope);
                expr(p.init(), scope, Kind.MODEL_NAME, null);
            } else if (m instanceof Member.Output o) {
                expr(o.value(), scope, Kind.MODEL_NAME, null);
                name(o.name(), scope);
            } else if (m instanceof Member.Let let) {
                expr(let.binding().value(), scope, Kind.MODEL_NAME, null);
                name(let.binding().name(), scope);
            } else if (m instanceof Member.Loss loss) {
                expr(loss.value(), scope, Kind.MODEL_NAME, null);
            } else if (m instanceof Member.Settings s) {
                for (Binding b : s.settings()) {
                    if (b == null) {
                        continue;
                    }
                    add(b.name(), Kind.SETTING, null, s.kind(), null);
                    expr(b.value(), scope, Kind.MODEL_NAME, null);
                }
            }
        }
    }

    private void name(Ident ident, Map<String, Span> scope) {
        add(ident, Kind.MODEL_NAME, scope.get(ident.name()), null, null);
    }

    private void expr(Expr e, Map<String, Span> scope, Kind kind, String owner) {
        if (e == null) {
            return;
        }
        if (e instanceof Expr.Name n) {
            Span def = scope.get(n.name());
            add(new Ident(n.name(), n.span()), def == null ? Kind.WORD : kind, def, owner, null);
        } else if (e instanceof Expr.Call c) {
            FnDef fn = functions.get(c.callee().name());
            add(c.callee(), fn != null ? Kind.FUNCTION : Kind.CALLEE, fn == null ? null : fn.name().span(), null, c);
            for (Expr.Arg arg : c.args()) {
                if (arg == null) {
                    continue;
                }
                if (arg.isNamed()) {
                    Span def = fn == null ? null : fn.params().stream().filter(p -> p.name().equals(arg.name().name()))
                            .map(Ident::span).findFirst().orElse(null);
                    add(arg.name(), Kind.ARG_NAME, def, c.callee().name(), c);
                }
                expr(arg.value(), scope, kind, owner);
            }
        } else if (e instanceof Expr.Negate n) {
            expr(n.operand(), scope, kind, owner);
        } else if (e instanceof Expr.Binary b) {
            expr(b.left(), scope, kind, owner);
            expr(b.right(), scope, kind, owner);
        }
    }

    private void add(Ident ident, Kind kind, Span definition, String owner, Expr.Call call) {
        if (ident != null && ident.span() != null && ident.span().line() > 0) {
            all.add(new Occurrence(ident, kind, definition, owner, call));
        }
    }

    /** True for the words a name can be without being defined: initializers, true/false, params. */
    static boolean isWord(String name) {
        return Vocabulary.words().contains(name) || name.equals("params");
    }
}
