package io.beamlink.shell;

import io.beamlink.term.Term;

/**
 * One token of an expression.
 *
 * @param kind what it is
 * @param text the symbol, keyword, atom name or variable name; the source text of a literal
 * @param value the term of a literal or atom; null otherwise
 * @param start offset of the first character in the expression text
 * @param end offset after the last character
 * @param line 1-based line of the first character
 * @param column 1-based column of the first character
 */
record Token(Kind kind, String text, Term value, int start, int end, int line, int column) {

    enum Kind {
        /** An atom, bare or quoted; {@code value} is the Atom. */
        ATOM,
        VARIABLE,
        /** A number or character literal; {@code value} is the number. */
        NUMBER,
        /** A string literal; {@code value} is its charlist. */
        STRING,
        /** A reserved word: {@code receive}, {@code after}, {@code end}, {@code div}, ... */
        KEYWORD,
        /** Punctuation or an operator. */
        SYMBOL,
        /** The end of the text. */
        END
    }

    boolean is(Kind k, String t) {
        return kind == k && text.equals(t);
    }

    boolean isSymbol(String symbol) {
        return is(Kind.SYMBOL, symbol);
    }

    boolean isKeyword(String keyword) {
        return is(Kind.KEYWORD, keyword);
    }

    /** How erl names the token in {@code syntax error before: ...}. */
    String describe() {
        return switch (kind) {
            case END -> "'.'";
            case SYMBOL -> "'" + text + "'";
            case STRING, NUMBER -> text;
            default -> text;
        };
    }
}
