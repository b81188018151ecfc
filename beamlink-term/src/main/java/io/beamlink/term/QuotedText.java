package io.beamlink.term;

/**
 * Escapes for text between quotes (atoms, strings, binaries), the way OTP prints them:
 * named escapes for the usual control characters, three-digit octal for the other control
 * characters (C0 and C1), everything else as is.
 */
final class QuotedText {
    private QuotedText() {
    }

    static void appendEscaped(StringBuilder out, String text, char quote) {
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            appendEscaped(out, c, quote);
            i += Character.charCount(c);
        }
    }

    static void appendEscaped(StringBuilder out, int c, char quote) {
        switch (c) {
            case '\b' -> out.append("\\b");
            case '\t' -> out.append("\\t");
            case '\n' -> out.append("\\n");
            case 0x0B -> out.append("\\v");
            case '\f' -> out.append("\\f");
            case '\r' -> out.append("\\r");
            case 0x1B -> out.append("\\e");
            case 0x7F -> out.append("\\d");
            case '\\' -> out.append("\\\\");
            default -> {
                if (c == quote) {
                    out.append('\\').append(quote);
                } else if (c < 0x20 || c >= 0x80 && c < 0xA0) {
                    out.append('\\')
                            .append((char) ('0' + (c >> 6)))
                            .append((char) ('0' + (c >> 3 & 7)))
                            .append((char) ('0' + (c & 7)));
                } else {
                    out.appendCodePoint(c);
                }
            }
        }
    }
}
