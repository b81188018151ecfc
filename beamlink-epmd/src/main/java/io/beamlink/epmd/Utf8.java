package io.beamlink.epmd;

/**
 * Strict UTF-8 checking without decoding, with the rules OTP's epmd applies to node names:
 * shortest form only, no surrogates, nothing above U+10FFFF.
 */
final class Utf8 {
    private Utf8() {
    }

    /** The number of characters in {@code bytes[from, to)}, or -1 when they are not valid UTF-8. */
    static int characterCount(byte[] bytes, int from, int to) {
        int count = 0;
        int i = from;
        while (i < to) {
            int lead = bytes[i] & 0xff;
            int length;
            if (lead < 0x80) {
                length = 1;
            } else if (lead >= 0xc2 && lead <= 0xdf) {
                length = 2;
            } else if (lead >= 0xe0 && lead <= 0xef) {
                length = 3;
            } else if (lead >= 0xf0 && lead <= 0xf4) {
                length = 4;
            } else {
                return -1; // a continuation byte, an overlong 2-byte lead (c0, c1) or beyond U+10FFFF
            }
            if (to - i < length || !continuationsValid(bytes, i, length)) {
                return -1;
            }
            i += length;
            count++;
        }
        return count;
    }

    private static boolean continuationsValid(byte[] bytes, int start, int length) {
        for (int k = 1; k < length; k++) {
            if ((bytes[start + k] & 0xc0) != 0x80) {
                return false;
            }
        }
        int lead = bytes[start] & 0xff;
        int second = length > 1 ? bytes[start + 1] & 0xff : 0;
        return switch (lead) {
            case 0xe0 -> second >= 0xa0; // shorter forms exist below U+0800
            case 0xed -> second < 0xa0; // U+D800..U+DFFF are surrogates
            case 0xf0 -> second >= 0x90; // shorter forms exist below U+10000
            case 0xf4 -> second < 0x90; // above U+10FFFF
            default -> true;
        };
    }
}
