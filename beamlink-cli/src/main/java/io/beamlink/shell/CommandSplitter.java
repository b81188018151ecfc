package io.beamlink.shell;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds where shell commands end in typed text, as erl does: at a full stop ({@code .}
 * followed by white space, a comment or the end of the text) outside strings, quoted atoms,
 * character literals and comments. Text after the last full stop waits for more lines.
 */
final class CommandSplitter {
    private CommandSplitter() {
    }

    /**
     * The complete commands in {@code text} (without their full stops) and the unfinished rest.
     *
     * @param commands each command's text, in order
     * @param rest what follows the last full stop; blank when nothing is pending
     */
    record Split(List<String> commands, String rest) {
        boolean pending() {
            return !rest.isBlank() && !onlyComments(rest);
        }
    }

    static Split split(String text) {
        List<String> commands = new ArrayList<>();
        int commandStart = 0;
        int i = 0;
        int length = text.length();
        while (i < length) {
            char c = text.charAt(i);
            switch (c) {
                case '"', '\'' -> i = skipQuoted(text, i, c);
                case '%' -> i = skipComment(text, i);
                case '$' -> i = skipCharacter(text, i);
                case '.' -> {
                    if (isFullStop(text, i)) {
                        commands.add(text.substring(commandStart, i).stripLeading());
                        commandStart = i + 1;
                    }
                    i++;
                }
                default -> i++;
            }
        }
        return new Split(commands, text.substring(Math.min(commandStart, length)));
    }

    /** A dot ends a command unless a digit precedes and follows it (a float) or more text follows at once. */
    private static boolean isFullStop(String text, int at) {
        if (at + 1 >= text.length()) {
            return true;
        }
        char next = text.charAt(at + 1);
        return Character.isWhitespace(next) || next == '%';
    }

    /** Past the closing quote; the end of the text when it has none yet. */
    private static int skipQuoted(String text, int at, char quote) {
        int i = at + 1;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\\') {
                i += 2;
            } else if (c == quote) {
                return i + 1;
            } else {
                i++;
            }
        }
        return text.length();
    }

    private static int skipComment(String text, int at) {
        int newline = text.indexOf('\n', at);
        return newline < 0 ? text.length() : newline + 1;
    }

    /** {@code $.}, {@code $"}, {@code $\'}: the character is not a delimiter. */
    private static int skipCharacter(String text, int at) {
        int i = at + 1;
        if (i < text.length() && text.charAt(i) == '\\') {
            i++;
        }
        return Math.min(text.length(), i + 1);
    }

    private static boolean onlyComments(String text) {
        for (String line : text.split("\n", -1)) {
            String trimmed = line.strip();
            if (!trimmed.isEmpty() && !trimmed.startsWith("%")) {
                return false;
            }
        }
        return true;
    }
}
