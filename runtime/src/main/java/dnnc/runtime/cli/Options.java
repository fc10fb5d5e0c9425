package dnnc.runtime.cli;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The options of one command: declared with their kind of value, then parsed from the arguments after the
 * command name. Accepts {@code --name value} and {@code --name=value}, and a {@link Kind#FLAG} alone
 * ({@code --no-augment}); {@code --help} and {@code -h} are always allowed. Every mistake becomes a {@link UsageException} with a one-line message.
 */
final class Options {
    /** What an option's value must look like. */
    enum Kind {
        COUNT("a whole number"),
        WHOLE("a whole number of at least 0"),
        BOOLEAN("true or false"),
        FLAG("no value"),
        SEED("a whole number"),
        POSITIVE("a positive number"),
        NUMBER("a number of at least 0"),
        FRACTION("a number above 0 and below 1"),
        WORD("a word"),
        FILE("a file name"),
        PATHS("a path, or two separated by a comma");

        final String expected;

        Kind(String expected) {
            this.expected = expected;
        }
    }

    private final String command;
    private final Map<String, Kind> declared = new LinkedHashMap<>();
    private final Map<String, String> values = new HashMap<>();
    private boolean help;

    Options(String command) {
        this.command = command;
    }

    Options declare(String name, Kind kind) {
        declared.put(name, kind);
        return this;
    }

    Options parse(String[] args, int from) {
        for (int i = from; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                help = true;
                continue;
            }
            if (!arg.startsWith("--")) {
                throw new UsageException("unexpected argument '" + arg + "' for " + command
                        + " (options start with --; see '" + command + " --help')");
            }
            int eq = arg.indexOf('=');
            String name = eq < 0 ? arg : arg.substring(0, eq);
            if (!declared.containsKey(name)) {
                throw new UsageException("unknown option " + name + " for " + command
                        + Suggest.hint(name, declared.keySet()) + " (see '" + command + " --help')");
            }
            String value;
            if (declared.get(name) == Kind.FLAG) {
                if (eq >= 0) {
                    throw new UsageException(name + " takes no value, got '" + arg.substring(eq + 1) + "'");
                }
                value = "";
            } else if (eq >= 0) {
                value = arg.substring(eq + 1);
            } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                value = args[++i];
            } else {
                throw new UsageException(name + " expects " + declared.get(name).expected + ", got nothing");
            }
            if (values.put(name, value) != null) {
                throw new UsageException(name + " is given more than once");
            }
        }
        return this;
    }

    boolean help() {
        return help;
    }

    /** A whole number of at least 1, or {@code fallback}. */
    int count(String name, int fallback) {
        Integer n = parsed(name, Integer::parseInt);
        if (n == null) {
            return fallback;
        }
        if (n < 1) {
            throw new UsageException(name + " must be at least 1, got " + n);
        }
        return n;
    }

    /** A whole number of at least 0, or null when absent. */
    Integer whole(String name) {
        Integer n = parsed(name, Integer::parseInt);
        if (n != null && n < 0) {
            throw new UsageException(name + " must be at least 0, got " + n);
        }
        return n;
    }

    /** true or false, or null when absent. */
    Boolean bool(String name) {
        String v = values.get(name);
        if (v == null) {
            return null;
        }
        if (!v.trim().equals("true") && !v.trim().equals("false")) {
            throw malformed(name, v);
        }
        return v.trim().equals("true");
    }

    long seed(String name, long fallback) {
        Long n = parsed(name, Long::parseLong);
        return n == null ? fallback : n;
    }

    /** A finite number above 0, or null when absent. */
    Double positive(String name) {
        Double x = number(name);
        if (x != null && !(x > 0)) {
            throw new UsageException(name + " must be a positive number, got " + values.get(name));
        }
        return x;
    }

    /** A finite number of at least 0, or null when absent. */
    Double nonNegative(String name) {
        Double x = number(name);
        if (x != null && !(x >= 0)) {
            throw new UsageException(name + " must be a number of at least 0, got " + values.get(name));
        }
        return x;
    }

    /** A number above 0 and below 1, or null when absent. */
    Double fraction(String name) {
        Double x = number(name);
        if (x != null && !(x > 0 && x < 1)) {
            throw new UsageException(name + " must be above 0 and below 1, got " + values.get(name));
        }
        return x;
    }

    /** Whether the option was given at all. */
    boolean has(String name) {
        return values.containsKey(name);
    }

    /** A finite number, or null when absent. */
    private Double number(String name) {
        Double x = parsed(name, Double::parseDouble);
        if (x != null && !Double.isFinite(x)) {
            throw malformed(name, values.get(name));
        }
        return x;
    }

    /** The option's value read by {@code parse}, or null when absent; a value it cannot read is reported. */
    private <T> T parsed(String name, java.util.function.Function<String, T> parse) {
        String v = values.get(name);
        if (v == null) {
            return null;
        }
        try {
            return parse.apply(v.trim());
        } catch (NumberFormatException e) {
            throw malformed(name, v);
        }
    }

    /** A non-empty string value, or null when absent. */
    String text(String name) {
        String v = values.get(name);
        if (v != null && v.isBlank()) {
            throw new UsageException(name + " expects " + declared.get(name).expected + ", got nothing");
        }
        return v;
    }

    String required(String name) {
        String v = text(name);
        if (v == null) {
            throw new UsageException(command + " needs " + name + " FILE (see '" + command + " --help')");
        }
        return v;
    }

    private UsageException malformed(String name, String value) {
        return new UsageException(name + " expects " + declared.get(name).expected + ", got '" + value + "'");
    }
}
