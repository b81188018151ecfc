package io.beamlink.shell;

import io.beamlink.term.Atom;
import io.beamlink.term.TermParseException;
import io.beamlink.term.TermParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Splits one shell expression into tokens. Literals (numbers, characters, quoted atoms,
 * strings) are only delimited here; their values come from {@link TermParser}, so the shell
 * reads them exactly as the rest of Beamlink does (escapes, {@code 16#FF}, {@code 1_000},
 * {@code $\n}, floats).
 */
final class Lexer {
    /** Erlang's reserved words; a bare one is a keyword, never an atom. */
    static final Set<String> RESERVED = Set.of("after", "and", "andalso", "band", "begin", "bnot", "bor", "bsl",
            "bsr", "bxor", "case", "catch", "cond", "div", "else", "end", "fun", "if", "let", "maybe", "not", "of",
            "or", "orelse", "receive", "rem", "try", "when", "xor");

    /** Longest first, so {@code =:=} is not read as {@code =} and {@code :=}. */
    private static final List<String> SYMBOLS = List.of("=:=", "=/=", "...", "->", "=>", ":=", "==", "/=", "=<",
            ">=", "++", "--", "<<", ">>", "||", "<-", "(", ")", "{", "}", "[", "]", ",", ";", "|", "!", "=", "<", ">",
            "+", "-", "*", "/", ":", "#", ".");

    /** An expression longer than this is refused before lexing. */
    static final int MAX_LENGTH = 1 << 20;

    private final String text;
    private int pos;
    private int line = 1;
    private int lineStart;

    private Lexer(String text) {
        this.text = text;
    }

    static List<Token> tokenize(String text) throws ShellSyntaxException {
        if (text.length() > MAX_LENGTH) {
            throw new ShellSyntaxException("expression of " + text.length() + " characters is over the limit of "
                    + MAX_LENGTH, 1, 1);
        }
        return new Lexer(text).run();
    }

    private List<Token> run() throws ShellSyntaxException {
        List<Token> tokens = new ArrayList<>();
        while (true) {
            skipBlanksAndComments();
            if (pos >= text.length()) {
                tokens.add(new Token(Token.Kind.END, "", null, pos, pos, line, column(pos)));
                return tokens;
            }
            tokens.add(next());
        }
    }

    private Token next() throws ShellSyntaxException {
        int start = pos;
        int startLine = line;
        int startColumn = column(pos);
        char c = text.charAt(pos);
        if (Character.isDigit(c)) {
            scanNumber();
            return literal(Token.Kind.NUMBER, start, startLine, startColumn);
        }
        if (c == '$') {
            scanCharacter();
            return literal(Token.Kind.NUMBER, start, startLine, startColumn);
        }
        if (c == '"') {
            scanQuoted('"', "string");
            return literal(Token.Kind.STRING, start, startLine, startColumn);
        }
        if (c == '\'') {
            scanQuoted('\'', "atom");
            return literal(Token.Kind.ATOM, start, startLine, startColumn);
        }
        if (isNameStart(c)) {
            while (pos < text.length() && isNameChar(text.charAt(pos))) {
                pos++;
            }
            String name = text.substring(start, pos);
            if (Character.isUpperCase(c) || c == '_') {
                return new Token(Token.Kind.VARIABLE, name, null, start, pos, startLine, startColumn);
            }
            if (RESERVED.contains(name)) {
                return new Token(Token.Kind.KEYWORD, name, null, start, pos, startLine, startColumn);
            }
            try {
                return new Token(Token.Kind.ATOM, name, Atom.of(name), start, pos, startLine, startColumn);
            } catch (IllegalArgumentException e) {
                throw new ShellSyntaxException(String.valueOf(e.getMessage()), startLine, startColumn);
            }
        }
        for (String symbol : SYMBOLS) {
            if (text.startsWith(symbol, pos)) {
                pos += symbol.length();
                return new Token(Token.Kind.SYMBOL, symbol, null, start, pos, startLine, startColumn);
            }
        }
        throw new ShellSyntaxException("illegal character " + describeChar(c), startLine, startColumn);
    }

    private Token literal(Token.Kind kind, int start, int startLine, int startColumn) throws ShellSyntaxException {
        String source = text.substring(start, pos);
        try {
            return new Token(kind, source, TermParser.parse(source), start, pos, startLine, startColumn);
        } catch (TermParseException e) {
            throw new ShellSyntaxException(e.getMessage(), startLine, startColumn);
        } catch (IllegalArgumentException e) {
            throw new ShellSyntaxException(String.valueOf(e.getMessage()), startLine, startColumn);
        }
    }

    /** Digits, {@code Base#Digits}, or a float with fraction and exponent; underscores between digits. */
    private void scanNumber() {
        skipDigits();
        if (peek() == '#' && pos + 1 < text.length() && Character.isLetterOrDigit(text.charAt(pos + 1))) {
            pos++;
            while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
                pos++;
            }
            return;
        }
        if (peek() == '.' && pos + 1 < text.length() && Character.isDigit(text.charAt(pos + 1))) {
            pos++;
            skipDigits();
            if (peek() == 'e' || peek() == 'E') {
                int mark = pos;
                pos++;
                if (peek() == '+' || peek() == '-') {
                    pos++;
                }
                if (Character.isDigit(peek())) {
                    skipDigits();
                } else {
                    pos = mark;
                }
            }
        }
    }

    private void skipDigits() {
        while (pos < text.length() && (Character.isDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
            pos++;
        }
    }

    /** {@code $c}, {@code $\n}, {@code $\x{1F600}}, {@code $\101}, {@code $\^A}. */
    private void scanCharacter() throws ShellSyntaxException {
        int start = pos;
        pos++;
        if (pos >= text.length()) {
            throw new ShellSyntaxException("a character literal needs a character after $", line, column(start));
        }
        if (text.charAt(pos) != '\\') {
            pos += Character.charCount(text.codePointAt(pos));
            return;
        }
        skipEscape(start);
    }

    /** At a backslash: moves past the whole escape sequence. */
    private void skipEscape(int literalStart) throws ShellSyntaxException {
        pos++;
        if (pos >= text.length()) {
            throw new ShellSyntaxException("unterminated escape sequence", line, column(literalStart));
        }
        char c = text.charAt(pos);
        if (c == 'x' && peekAt(pos + 1) == '{') {
            int close = text.indexOf('}', pos);
            if (close < 0) {
                throw new ShellSyntaxException("unterminated \\x{...} escape", line, column(literalStart));
            }
            pos = close + 1;
        } else if (c == 'x') {
            pos++;
            for (int i = 0; i < 2 && isHexDigit(peek()); i++) {
                pos++;
            }
        } else if (c >= '0' && c <= '7') {
            for (int i = 0; i < 3 && peek() >= '0' && peek() <= '7'; i++) {
                pos++;
            }
        } else if (c == '^') {
            pos += 2;
        } else {
            pos += Character.charCount(text.codePointAt(pos));
        }
    }

    private void scanQuoted(char quote, String what) throws ShellSyntaxException {
        int start = pos;
        int startLine = line;
        pos++;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == quote) {
                pos++;
                return;
            }
            if (c == '\\') {
                skipEscape(start);
                continue;
            }
            if (c == '\n') {
                line++;
                lineStart = pos + 1;
            }
            pos++;
        }
        throw new ShellSyntaxException("unterminated " + what, startLine, start - lineStartOf(start) + 1);
    }

    private void skipBlanksAndComments() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '\n') {
                line++;
                lineStart = pos + 1;
                pos++;
            } else if (Character.isWhitespace(c)) {
                pos++;
            } else if (c == '%') {
                while (pos < text.length() && text.charAt(pos) != '\n') {
                    pos++;
                }
            } else {
                return;
            }
        }
    }

    private int lineStartOf(int offset) {
        int newline = text.lastIndexOf('\n', Math.max(0, offset - 1));
        return newline < 0 ? 0 : newline + 1;
    }

    private int column(int offset) {
        return offset - lineStart + 1;
    }

    private char peek() {
        return peekAt(pos);
    }

    private char peekAt(int at) {
        return at < text.length() ? text.charAt(at) : '\0';
    }

    private static boolean isHexDigit(char c) {
        return Character.digit(c, 16) >= 0;
    }

    static boolean isNameStart(char c) {
        return Character.isLetter(c) || c == '_';
    }

    static boolean isNameChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '@';
    }

    private static String describeChar(char c) {
        return c < 0x20 || c == 0x7f ? String.format("\\x{%X}", (int) c) : "'" + c + "'";
    }
}
