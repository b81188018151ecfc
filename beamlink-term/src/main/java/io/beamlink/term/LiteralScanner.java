package io.beamlink.term;

import java.math.BigInteger;

/**
 * Reads Erlang's literal tokens: numbers ({@code 42}, {@code 16#FF}, {@code 1_000},
 * {@code 1.5e-3}), characters ({@code $a}, {@code $\n}), quoted text with Erlang's escapes and
 * bare names.
 */
final class LiteralScanner {
    private final int maxIntegerDigits;

    LiteralScanner(int maxIntegerDigits) {
        this.maxIntegerDigits = maxIntegerDigits;
    }

    /** A number starting at a digit; {@code negative} when a minus sign came before it. */
    Term number(TextCursor in, boolean negative) throws TermParseException {
        int start = in.position();
        String digits = digits(in, 10);
        if (in.peek() == '#') {
            in.next();
            int base = digits.length() <= 2 ? Integer.parseInt(digits) : 0;
            if (base < 2 || base > 36) {
                throw in.errorAt(start, "radix " + digits + " is not between 2 and 36");
            }
            if (Character.digit(in.peek(), base) < 0) {
                throw in.expected("a digit of base " + base);
            }
            return integer(in, start, digits(in, base), base, negative);
        }
        if (in.peek() == '.' && isDigit(in.peek(1), 10)) {
            in.next();
            StringBuilder literal = new StringBuilder(digits).append('.').append(digits(in, 10));
            if (in.peek() == 'e' || in.peek() == 'E') {
                in.next();
                literal.append('e');
                if (in.peek() == '-' || in.peek() == '+') {
                    literal.appendCodePoint(in.next());
                }
                if (!isDigit(in.peek(), 10)) {
                    throw in.expected("the digits of the exponent");
                }
                literal.append(digits(in, 10));
            }
            double value = Double.parseDouble(literal.toString());
            if (Double.isInfinite(value)) {
                throw in.errorAt(start, "float " + literal + " is out of range");
            }
            return new ErlFloat(negative ? -value : value);
        }
        return integer(in, start, digits, 10, negative);
    }

    private Term integer(TextCursor in, int start, String digits, int base, boolean negative)
            throws TermParseException {
        if (digits.length() > maxIntegerDigits) {
            throw in.errorAt(start, "integer of " + digits.length() + " digits is longer than the limit of "
                    + maxIntegerDigits + " digits");
        }
        BigInteger value = new BigInteger(digits, base);
        return Term.integer(negative ? value.negate() : value);
    }

    /** Digits of a base, with single '_' allowed between digits; the cursor is at a digit. */
    private static String digits(TextCursor in, int base) {
        StringBuilder digits = new StringBuilder();
        while (true) {
            int c = in.peek();
            if (isDigit(c, base)) {
                digits.appendCodePoint(in.next());
            } else if (c == '_' && !digits.isEmpty() && isDigit(in.peek(1), base)) {
                in.next();
            } else {
                return digits.toString();
            }
        }
    }

    static boolean isDigit(int c, int base) {
        return c >= 0 && c < 128 && Character.digit(c, base) >= 0;
    }

    /** An unsigned decimal number up to {@code max}, for the fields of pids, ports and references. */
    static BigInteger unsigned(TextCursor in, BigInteger max, String what) throws TermParseException {
        int start = in.position();
        if (!isDigit(in.peek(), 10)) {
            throw in.expected(what);
        }
        StringBuilder digits = new StringBuilder();
        while (isDigit(in.peek(), 10) && digits.length() <= 20) {
            digits.appendCodePoint(in.next());
        }
        BigInteger value = new BigInteger(digits.toString());
        if (value.compareTo(max) > 0 || isDigit(in.peek(), 10)) {
            throw in.errorAt(start, what + " is larger than " + max);
        }
        return value;
    }

    /** {@code $c}: the character's code point; the cursor is at the '$'. */
    static int character(TextCursor in) throws TermParseException {
        in.next();
        int c = in.next();
        if (c == TextCursor.END) {
            throw in.expected("a character after '$'");
        }
        return c == '\\' ? escape(in) : c;
    }

    /**
     * The text between {@code quote}s, escapes resolved; the cursor is at the opening quote.
     * Line breaks may occur inside, as in Erlang.
     */
    static String quoted(TextCursor in, char quote, String what) throws TermParseException {
        int start = in.position();
        in.next();
        StringBuilder text = new StringBuilder();
        while (true) {
            int c = in.next();
            if (c == TextCursor.END) {
                throw in.errorAt(start, "unterminated " + what + " (no closing " + quote + ")");
            }
            if (c == quote) {
                return text.toString();
            }
            text.appendCodePoint(c == '\\' ? escape(in) : c);
        }
    }

    /** The character an escape stands for; the cursor is just after the backslash. */
    private static int escape(TextCursor in) throws TermParseException {
        int at = in.position() - 1;
        int c = in.next();
        return switch (c) {
            case TextCursor.END -> throw in.expected("an escape after '\\'");
            case 'b' -> '\b';
            case 'd' -> 0x7F;
            case 'e' -> 0x1B;
            case 'f' -> '\f';
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 's' -> ' ';
            case 't' -> '\t';
            case 'v' -> 0x0B;
            case '^' -> {
                int control = in.next();
                if (control == TextCursor.END) {
                    throw in.expected("a character after '\\^'");
                }
                yield control & 0x1F;
            }
            case 'x' -> hexEscape(in, at);
            default -> c >= '0' && c <= '7' ? octalEscape(in, c) : c;
        };
    }

    private static int octalEscape(TextCursor in, int first) {
        int value = first - '0';
        for (int i = 0; i < 2 && in.peek() >= '0' && in.peek() <= '7'; i++) {
            value = value * 8 + (in.next() - '0');
        }
        return value;
    }

    /** {@code \xHH} or {@code \x{H...}}; the cursor is after the 'x'. */
    private static int hexEscape(TextCursor in, int at) throws TermParseException {
        if (in.skipIf('{')) {
            long value = 0;
            int count = 0;
            while (isDigit(in.peek(), 16)) {
                value = value * 16 + Character.digit(in.next(), 16);
                if (++count > 8) {
                    throw in.errorAt(at, "escape \\x{...} has too many digits");
                }
            }
            if (count == 0) {
                throw in.expected("hexadecimal digits in \\x{...}");
            }
            in.expect('}', "'}' closing \\x{...}");
            if (value > Character.MAX_CODE_POINT || value >= 0xD800 && value <= 0xDFFF) {
                throw in.errorAt(at, String.format("escape \\x{%X} is not a Unicode character", value));
            }
            return (int) value;
        }
        int value = 0;
        for (int i = 0; i < 2; i++) {
            if (!isDigit(in.peek(), 16)) {
                throw in.expected("two hexadecimal digits after \\x");
            }
            value = value * 16 + Character.digit(in.next(), 16);
        }
        return value;
    }

    /** A bare name: a letter, then letters, digits, '_' and '@' (Latin-1 letters included). */
    static String name(TextCursor in) {
        StringBuilder name = new StringBuilder();
        name.appendCodePoint(in.next());
        while (AtomSyntax.isNameChar(in.peek())) {
            name.appendCodePoint(in.next());
        }
        return name.toString();
    }
}
