package dnnc.runtime.io;

/**
 * A minimal JSON builder for the few documents the runtime writes. Commas are inserted automatically;
 * non-finite numbers, which JSON cannot express, are written as {@code null}.
 */
public final class JsonWriter {
    private final StringBuilder s = new StringBuilder();
    /** True when the next value or name in the current container needs a comma before it. */
    private boolean needComma;

    public JsonWriter beginObject() {
        separator();
        s.append('{');
        needComma = false;
        return this;
    }

    public JsonWriter endObject() {
        s.append('}');
        needComma = true;
        return this;
    }

    public JsonWriter beginArray() {
        separator();
        s.append('[');
        needComma = false;
        return this;
    }

    public JsonWriter endArray() {
        s.append(']');
        needComma = true;
        return this;
    }

    /** Writes a member name; the next call writes its value. */
    public JsonWriter name(String name) {
        separator();
        string(name);
        s.append(':');
        needComma = false;
        return this;
    }

    public JsonWriter value(String value) {
        separator();
        if (value == null) {
            s.append("null");
        } else {
            string(value);
        }
        needComma = true;
        return this;
    }

    public JsonWriter value(long value) {
        separator();
        s.append(value);
        needComma = true;
        return this;
    }

    public JsonWriter value(double value) {
        separator();
        s.append(Double.isFinite(value) ? Double.toString(value) : "null");
        needComma = true;
        return this;
    }

    /** A member whose value may be absent: nothing is written for null. */
    public JsonWriter optional(String name, Double value) {
        if (value != null) {
            name(name).value(value.doubleValue());
        }
        return this;
    }

    @Override
    public String toString() {
        return s.toString();
    }

    private void separator() {
        if (needComma) {
            s.append(',');
        }
    }

    private void string(String value) {
        s.append(quote(value));
    }

    /**
     * A JSON string literal: quotes, backslashes and control characters escaped, the rest as is (UTF-8); a
     * lone half of a surrogate pair, which UTF-8 cannot encode, is escaped too.
     */
    public static String quote(String text) {
        StringBuilder s = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> s.append("\\\"");
                case '\\' -> s.append("\\\\");
                case '\n' -> s.append("\\n");
                case '\r' -> s.append("\\r");
                case '\t' -> s.append("\\t");
                case '\b' -> s.append("\\b");
                case '\f' -> s.append("\\f");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029' || loneSurrogate(text, i)) {
                        s.append(String.format("\\u%04x", (int) c));
                    } else {
                        s.append(c);
                    }
                }
            }
        }
        return s.append('"').toString();
    }

    private static boolean loneSurrogate(String text, int i) {
        char c = text.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1));
        }
        return Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(text.charAt(i - 1)));
    }
}
