package io.beamlink.term;

/**
 * Which characters count as printable when deciding whether a list prints as a string
 * ({@code "abc"}) and a binary as text ({@code <<"abc">>}): Erlang's {@code io:printable_range()},
 * set with {@code erl +pc latin1|unicode}. The sets are those of OTP's
 * {@code io_lib:printable_latin1_list/1} and {@code io_lib:printable_unicode_list/1}.
 */
public enum PrintableRange {
    /** Erlang's default: {@code \b \t \n \v \f \r \e}, space to {@code ~}, and U+00A0..U+00FF. */
    LATIN1,
    /** As {@code erl +pc unicode}: also every code point from U+00A0 on except surrogates, U+FFFE and U+FFFF. */
    UNICODE;

    public boolean isPrintable(long codePoint) {
        if (isPrintableLatin1(codePoint)) {
            return true;
        }
        return this == UNICODE
                && (codePoint >= 0xA0 && codePoint < 0xD800
                        || codePoint >= 0xE000 && codePoint < 0xFFFE
                        || codePoint >= 0x10000 && codePoint <= Character.MAX_CODE_POINT);
    }

    static boolean isPrintableLatin1(long c) {
        return c >= 0x20 && c <= 0x7E || c >= 0xA0 && c <= 0xFF || c >= '\b' && c <= '\r' || c == 0x1B;
    }
}
