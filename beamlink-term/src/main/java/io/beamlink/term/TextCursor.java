package io.beamlink.term;

/**
 * A position in the text being parsed: reads code points, skips blanks and comments, and
 * builds {@link TermParseException}s that say where the problem is.
 */
final class TextCursor {
    static final int END = -1;

    private final String text;
    private int position;

    TextCursor(String text) {
        this.text = text;
    }

    int position() {
        return position;
    }

    boolean atEnd() {
        return position >= text.length();
    }

    /** The code point at the cursor, or {@link #END}. */
    int peek() {
        return atEnd() ? END : text.codePointAt(position);
    }

    /** The code point {@code ahead} code points after the cursor, or {@link #END}. */
    int peek(int ahead) {
        int at = position;
        for (int i = 0; i < ahead; i++) {
            if (at >= text.length()) {
                return END;
            }
            at += Character.charCount(text.codePointAt(at));
        }
        return at >= text.length() ? END : text.codePointAt(at);
    }

    /** Consumes and returns the code point at the cursor, or {@link #END}. */
    int next() {
        int c = peek();
        if (c != END) {
            position += Character.charCount(c);
        }
        return c;
    }

    boolean skipIf(int c) {
        if (peek() == c) {
            next();
            return true;
        }
        return false;
    }

    /** Consumes {@code literal} if the text continues with it. */
    boolean skipIf(String literal) {
        if (text.startsWith(literal, position)) {
            position += literal.length();
            return true;
        }
        return false;
    }

    void expect(int c, String what) throws TermParseException {
        if (!skipIf(c)) {
            throw expected(what);
        }
    }

    /**
     * Skips white space (as Erlang's scanner: control characters, space, and U+0080..U+00A0)
     * and {@code %} comments up to the end of their line.
     */
    void skipBlank() {
        while (!atEnd()) {
            char c = text.charAt(position);
            if (c <= ' ' || c >= 0x80 && c <= 0xA0) {
                position++;
            } else if (c == '%') {
                while (!atEnd() && text.charAt(position) != '\n') {
                    position++;
                }
            } else {
                return;
            }
        }
    }

    /** "expected {what}, found ..." at the cursor. */
    TermParseException expected(String what) {
        return errorAt(position, "expected " + what + ", found " + describe(peek()));
    }

    TermParseException error(String problem) {
        return errorAt(position, problem);
    }

    TermParseException errorAt(int at, String problem) {
        int line = 1;
        int lineStart = 0;
        int end = Math.min(at, text.length());
        for (int i = 0; i < end; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        int column = text.codePointCount(lineStart, end) + 1;
        return new TermParseException(problem, line, column, at);
    }

    static String describe(int c) {
        if (c == END) {
            return "end of input";
        }
        if (c < ' ' || c == 0x7F) {
            return String.format("character U+%04X", c);
        }
        return "'" + Character.toString(c) + "'";
    }
}
