package io.beamlink.bench.dist;

import java.util.ArrayDeque;

/** Writes indented JSON, one value at a time; enough for a report, with strings escaped per RFC 8259. */
final class JsonWriter {
    private static final String INDENT = "  ";

    private final StringBuilder out = new StringBuilder();
    /** Per open object or array: whether it already holds a value (so the next needs a comma). */
    private final ArrayDeque<Boolean> hasValue = new ArrayDeque<>();
    private boolean afterName;

    JsonWriter beginObject() {
        open('{');
        return this;
    }

    JsonWriter endObject() {
        close('}');
        return this;
    }

    JsonWriter beginArray() {
        open('[');
        return this;
    }

    JsonWriter endArray() {
        close(']');
        return this;
    }

    JsonWriter name(String name) {
        separate();
        string(name);
        out.append(": ");
        afterName = true;
        return this;
    }

    JsonWriter value(String value) {
        separate();
        string(value);
        return this;
    }

    JsonWriter value(long value) {
        separate();
        out.append(value);
        return this;
    }

    /** A finite number, rounded to 3 decimals. */
    JsonWriter value(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("JSON has no " + value);
        }
        separate();
        out.append(Math.round(value * 1000) / 1000.0);
        return this;
    }

    JsonWriter value(boolean value) {
        separate();
        out.append(value);
        return this;
    }

    @Override
    public String toString() {
        if (!hasValue.isEmpty()) {
            throw new IllegalStateException("unclosed object or array");
        }
        return out + "\n";
    }

    private void open(char bracket) {
        separate();
        out.append(bracket);
        hasValue.push(false);
    }

    private void close(char bracket) {
        boolean any = hasValue.pop();
        if (any) {
            newline();
        }
        out.append(bracket);
    }

    /** Before a value or name: a comma after a previous one, and a new line unless it follows its name. */
    private void separate() {
        if (afterName) {
            afterName = false;
            return;
        }
        if (hasValue.isEmpty()) {
            return;
        }
        if (hasValue.pop()) {
            out.append(',');
        }
        hasValue.push(true);
        newline();
    }

    private void newline() {
        out.append('\n').append(INDENT.repeat(hasValue.size()));
    }

    private void string(String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
