package io.beamlink.term;

import java.util.Set;

/**
 * How an atom is written in Erlang source: bare when it is a lowercase name that is not a
 * reserved word, otherwise between single quotes. Names may use Latin-1 letters; any other
 * character forces quotes, as in OTP's scanner.
 */
final class AtomSyntax {
    /**
     * Reserved words of OTP 25 ({@code erl_scan}). {@code maybe} and {@code else} only become
     * reserved with the {@code maybe_expr} feature, which OTP 25 leaves off, so they print bare
     * as OTP 25 prints them.
     */
    static final Set<String> RESERVED_WORDS = Set.of(
            "after", "and", "andalso", "band", "begin", "bnot", "bor", "bsl", "bsr", "bxor",
            "case", "catch", "cond", "div", "end", "fun", "if", "let", "not", "of", "or",
            "orelse", "receive", "rem", "try", "when", "xor");

    private AtomSyntax() {
    }

    static void append(StringBuilder out, String name) {
        if (isBare(name)) {
            out.append(name);
        } else {
            appendQuoted(out, name);
        }
    }

    /** Always between quotes, for places where a bare atom would be ambiguous. */
    static void appendQuoted(StringBuilder out, String name) {
        out.append('\'');
        QuotedText.appendEscaped(out, name, '\'');
        out.append('\'');
    }

    static boolean isBare(String name) {
        if (name.isEmpty() || !isNameStart(name.charAt(0))) {
            return false;
        }
        for (int i = 1; i < name.length(); i++) {
            if (!isNameChar(name.charAt(i))) {
                return false;
            }
        }
        return !RESERVED_WORDS.contains(name);
    }

    /** a-z and the Latin-1 lowercase letters (ß..ÿ without ÷). */
    static boolean isNameStart(int c) {
        return c >= 'a' && c <= 'z' || c >= 0xDF && c <= 0xFF && c != 0xF7;
    }

    /** Letters (ASCII and Latin-1, without × and ÷), digits, '_' and '@'. */
    static boolean isNameChar(int c) {
        return isNameStart(c)
                || c >= 'A' && c <= 'Z'
                || c >= '0' && c <= '9'
                || c == '_' || c == '@'
                || c >= 0xC0 && c <= 0xDE && c != 0xD7;
    }
}
