package dnnc.compiler.ops;

import java.util.ArrayList;
import java.util.List;

/**
 * A built-in's parameters as the user sees them: {@code dense(x, units, init = glorot, bias = true)}.
 * Written as strings: "x" is required, "init=glorot" has a default, and a trailing "..." accepts more
 * positional arguments.
 */
public record Signature(String name, List<String> params, boolean variadic) {

    public static Signature of(String name, String... params) {
        List<String> list = new ArrayList<>(List.of(params));
        boolean variadic = !list.isEmpty() && list.get(list.size() - 1).equals("...");
        if (variadic) {
            list.remove(list.size() - 1);
        }
        return new Signature(name, List.copyOf(list), variadic);
    }

    public int size() {
        return params.size();
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
            shown.add("...");
        }
        return name + "(" + String.join(", ", shown) + ")";
    }
}
