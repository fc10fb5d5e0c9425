package dnnc.compiler.ops;

import java.util.ArrayList;
import java.util.List;

/**
 * A built-in's parameters as the user sees them: {@code dense(x, units, init = glorot, bias = true)}.
 * Written as strings: "x" is required, "init=glorot" has a default, and "..." accepts more positional
 * arguments; parameters after "..." can only be given by name: {@code concat(x, ..., axis = -1)}.
 */
public record Signature(String name, List<String> params, boolean variadic, int positional) {

    public static Signature of(String name, String... params) {
        List<String> list = new ArrayList<>(List.of(params));
        int dots = list.indexOf("...");
        if (dots >= 0) {
            list.remove(dots);
        }
        return new Signature(name, List.copyOf(list), dots >= 0, dots >= 0 ? dots : list.size());
    }

    public int size() {
        return params.size();
    }

    /** How many parameters a positional argument can fill; the rest are named-only. */
    public int positional() {
        return positional;
    }

    public String paramName(int i) {
        String p = params.get(i);
        int eq = p.indexOf('=');
        return eq < 0 ? p : p.substring(0, eq);
    }

    public boolean isRequired(int i) {
        return params.get(i).indexOf('=') < 0;
    }

    /** The default as written, or null for a required parameter. */
    public String defaultText(int i) {
        String p = params.get(i);
        int eq = p.indexOf('=');
        return eq < 0 ? null : p.substring(eq + 1);
    }

    public int indexOf(String param) {
        for (int i = 0; i < params.size(); i++) {
            if (paramName(i).equals(param)) {
                return i;
            }
        }
        return -1;
    }

    public List<String> paramNames() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < params.size(); i++) {
            names.add(paramName(i));
        }
        return names;
    }

    /** As shown in messages and docs: {@code dense(x, units, init = glorot)}. */
    @Override
    public String toString() {
        List<String> shown = new ArrayList<>();
        for (String p : params) {
            shown.add(p.replace("=", " = "));
        }
        if (variadic) {
            shown.add(positional, "...");
        }
        return name + "(" + String.join(", ", shown) + ")";
    }
}
